using Handoff.Dicom;
using Handoff.Dicom.IO;

namespace Handoff.Cli.Commands.Dicom;

/// <summary>Opens the DICOM file a command was given, turning every way that can fail into a <see cref="CliFailure"/>.</summary>
internal static class DicomInput
{
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        if (Directory.Exists(path))
            throw new CliFailure($"{path}: is a directory, not a file");
        try
        {
            return DicomFile.Open(path, options);
        }
        catch (DicomFormatException e)
        {
            throw new CliFailure(CliErrorHandler.DescribeMalformed(path, e), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(CliErrorHandler.DescribeUnreadable(path, e), e);
        }
    }

    /// <summary>Standard output as a buffered UTF-8 writer (no BOM): console writes are unbuffered and slow for long dumps.</summary>
    public static StreamWriter OpenStandardOutput() =>
        new(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);
}
