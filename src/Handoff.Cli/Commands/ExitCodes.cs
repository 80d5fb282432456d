namespace Handoff.Cli.Commands;

/// <summary>Process exit codes of every `handoff` command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An input could not be used: a missing file, a malformed DICOM file, an I/O error, a certificate file holding a private key.</summary>
    public const int InputError = 1;

    /// <summary>The command line itself was wrong: unknown command or option, missing or invalid argument.</summary>
    public const int Usage = 2;

    /// <summary>The server answered and refused: not found, invalid request, wrong state, permission denied.</summary>
    public const int ServerRefused = 3;

    /// <summary>The server refused the key (or none was given).</summary>
    public const int Unauthenticated = 4;

    /// <summary>The server could not be reached.</summary>
    public const int Unreachable = 5;

    /// <summary>Bytes did not verify: a chunk or instance hash mismatch, or an acknowledgement the server did not accept.</summary>
    public const int VerificationFailed = 6;

    /// <summary>A bug in Handoff rather than a problem with the input; the message names the exception.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl-C), the shell's convention of 128 + SIGINT.</summary>
    public const int Interrupted = 130;
}
