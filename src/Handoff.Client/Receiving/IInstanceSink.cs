namespace Handoff.Client;

/// <summary>
/// Where received instances go: a folder (<see cref="FolderInstanceSink"/>), and later a PACS through a gateway. The
/// library verifies every chunk against the manifest's hash before a sink sees it, so a sink only stores bytes.
/// </summary>
public interface IInstanceSink
{
    /// <summary>
    /// Opens the writer of one instance, when it first becomes downloadable. Called from one thread at a time; the
    /// writer's methods are then called from several (see <see cref="IInstanceWriter"/>).
    /// </summary>
    /// <param name="instance">The instance, with the hashes its bytes must have.</param>
    /// <returns>The writer; disposed when the receive ends.</returns>
    IInstanceWriter Open(ReceivedInstance instance);
}
