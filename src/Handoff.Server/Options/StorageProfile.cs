namespace Handoff.Server.Options;

/// <summary>Where membership, grain state, reminders and chunks live (<c>Handoff:Storage</c>).</summary>
public enum StorageProfile
{
    /// <summary>The embedded default: localhost clustering, files under the data folder.</summary>
    Local,

    /// <summary>Azure Storage (<c>Handoff:Azure</c>): Table membership and reminders, blob grain state and chunks.</summary>
    Azure,
}
