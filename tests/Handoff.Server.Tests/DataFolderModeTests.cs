using Handoff.Protos.V1;
using Handoff.Server.Tests.Infrastructure;
using Handoff.Testing;

namespace Handoff.Server.Tests;

/// <summary>
/// Grain state holds patients' names and ids, chunks hold their images: after a real transfer, everything the
/// server wrote under its data folder is for its own user only (folders 0700, files 0600).
/// </summary>
public sealed class DataFolderModeTests : IClassFixture<ServerFixture>, IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly ServerProcess _server;
    private readonly TempFolder _files = new("modes");

    public DataFolderModeTests(ServerFixture fixture)
    {
        _server = fixture.Server;
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Transfer_SentReceivedAndAcknowledged_EveryFolder0700AndEveryFile0600()
    {
        if (OperatingSystem.IsWindows())
            return;
        var sent = await SentStudy.CreateAsync(_server, "modes", _files.Combine("study"), seed: 7);
        var receiver = new TransferReceiver(sent.Destination, sent.TransferId, _files.Combine("received"));
        await receiver.ReceiveAllAsync(TimeSpan.FromMinutes(2));
        var acknowledged = await sent.Destination.Downloads.AcknowledgeAsync(receiver.ToAcknowledgeRequest());
        Assert.True(acknowledged.Accepted);

        var folders = Directory.GetDirectories(_server.DataPath, "*", SearchOption.AllDirectories).Prepend(_server.DataPath).ToList();
        var files = Directory.GetFiles(_server.DataPath, "*", SearchOption.AllDirectories);
        Assert.Contains(files, path => path.Contains($"{Path.DirectorySeparatorChar}chunks{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Contains(files, path => path.EndsWith(".state", StringComparison.Ordinal));
        Assert.Contains(files, path => path.EndsWith("reminders.dat", StringComparison.Ordinal));
        var open = folders.Where(folder => ModeOf(folder) != Folder)
            .Concat(files.Where(file => ModeOf(file) != File600))
            .Select(path => $"{Path.GetRelativePath(_server.DataPath, path)} {ModeOf(path)}")
            .ToList();
        Assert.True(open.Count == 0, $"{open.Count} of {folders.Count} folders and {files.Length} files are open to others:\n{string.Join('\n', open.Take(20))}");
    }

    private static UnixFileMode ModeOf(string path) => OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(path);
}
