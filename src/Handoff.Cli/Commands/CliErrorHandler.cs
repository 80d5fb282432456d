using Grpc.Core;
using Handoff.Cli.Transfers;
using Handoff.Client;
using Handoff.Dicom;

namespace Handoff.Cli.Commands;

/// <summary>
/// Runs a command's body and turns whatever goes wrong into exactly one line on stderr ("handoff: ...") and an
/// exit code. A malformed file names the path, the byte offset and the reason, which is what someone needs to
/// find the problem with a hex viewer or to report it to the sending site.
/// </summary>
internal static class CliErrorHandler
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliFailure failure)
        {
            WriteError(failure.Message);
            return failure.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(e.Message);
            return ExitCodes.InputError;
        }
        catch (Exception e)
        {
            WriteError($"internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The asynchronous form for commands that talk to a server: the library's failures (and gRPC failures of the
    /// calls the CLI makes itself) become the messages and exit codes of <see cref="FailureMessages"/>, and Ctrl-C ends
    /// with "interrupted" rather than a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task<int>> body, ConnectionSettings? settings, CancellationToken cancellationToken)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (Traced(e))
        {
            throw; // never reached: Traced is false
        }
        catch (Exception e) when (e is RpcException or HandoffException)
        {
            // Calls the library made are already its exceptions; calls made with its generated clients (facility,
            // peer, audit) are translated by the same rule here.
            var failure = cancellationToken.IsCancellationRequested
                ? new CliFailure("interrupted", ExitCodes.Interrupted)
                : FailureMessages.Describe(e as HandoffException ?? HandoffErrors.FromRpc((RpcException)e, settings?.Servers ?? []), settings);
            WriteError(failure.Message);
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            WriteError("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (InvalidDataException e)
        {
            // A malformed answer from the server (a hash of the wrong length, an unsupported chunk size).
            WriteError(e.Message);
            return ExitCodes.ServerRefused;
        }
        catch (Exception e)
        {
            return Run(() => throw e);
        }
    }

    /// <summary>The one-line description of a malformed file.</summary>
    public static string DescribeMalformed(string path, DicomFormatException e)
    {
        var tag = e.Tag is { } t ? $", tag {t}" : string.Empty;
        return $"{path}: malformed DICOM at offset {e.Offset}{tag}: {e.Reason}";
    }

    /// <summary>The one-line description of a file that could not be opened or read.</summary>
    public static string DescribeUnreadable(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"{path}: no such file",
        UnauthorizedAccessException => $"{path}: permission denied",
        _ => $"{path}: {e.Message}",
    };

    public static void WriteError(string message) =>
        Console.Error.WriteLine("handoff: " + message.ReplaceLineEndings(" "));

    private static bool Traced(Exception e)
    {
        Trace(e);
        return false;
    }

    /// <summary>HANDOFF_TRACE=1 adds the full exception after the one line, for reporting a bug; off by default.</summary>
    private static void Trace(Exception e)
    {
        if (Environment.GetEnvironmentVariable("HANDOFF_TRACE") == "1")
            Console.Error.WriteLine(e.ToString());
    }
}
