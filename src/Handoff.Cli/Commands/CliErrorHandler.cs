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
}
