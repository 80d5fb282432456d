namespace Handoff.Cli.Commands;

/// <summary>Process exit codes of every `handoff` command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An input could not be used: a missing file, a malformed DICOM file, an I/O error.</summary>
    public const int InputError = 1;

    /// <summary>The command line itself was wrong: unknown command or option, missing or invalid argument.</summary>
    public const int Usage = 2;

    /// <summary>A bug in Handoff rather than a problem with the input; the message names the exception.</summary>
    public const int InternalError = 70;
}
