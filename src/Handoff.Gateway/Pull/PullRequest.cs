using System.Net;
using Handoff.Protos.V1;

namespace Handoff.Gateway.Pull;

/// <summary>What `handoff pull` fetches and where it sends it.</summary>
/// <param name="From">The PACS to query and retrieve from.</param>
/// <param name="PatientId">The patient whose studies are pulled (never logged).</param>
/// <param name="Studies">Only these Study Instance UIDs; empty for every study of the patient.</param>
/// <param name="Destination">The facility to send them to.</param>
/// <param name="Priority">The priority of a transfer created for them.</param>
/// <param name="AeTitle">The AE title the PACS moves the studies to (it must know it with <paramref name="Listen"/>'s address).</param>
/// <param name="Listen">Where this command accepts the PACS's C-STORE association while it runs.</param>
/// <param name="Folder">Where the retrieved instances are kept until they are sent.</param>
public sealed record PullRequest(
    PacsAddress From, string PatientId, IReadOnlyList<string> Studies, string Destination, Priority Priority, string AeTitle, IPEndPoint Listen, string Folder)
{
    /// <summary>
    /// When the patient is expected at the destination (`pull --eta`), for a transfer created for the studies; a pull
    /// that joins the patient's open transfer keeps that transfer's own. Null when not given.
    /// </summary>
    public DateTimeOffset? ExpectedArrival { get; init; }
}

/// <summary>What a pull did.</summary>
/// <param name="TransferId">The transfer that carries the studies.</param>
/// <param name="AddedToOpenTransfer">True when the studies joined the patient's transfer already on its way.</param>
/// <param name="Studies">Studies retrieved and sent.</param>
/// <param name="Instances">Instances retrieved and sent.</param>
public sealed record PullResult(string TransferId, bool AddedToOpenTransfer, int Studies, int Instances)
{
    /// <summary>Instances the PACS announced (C-FIND) that did not arrive; the destination sees them missing.</summary>
    public int InstancesMissing { get; init; }
}

/// <summary>A pull that cannot go on: the PACS found nothing, refused, or sent less than it announced.</summary>
public sealed class PullFailedException : Exception
{
    public PullFailedException(string message) : base(message)
    {
    }

    public PullFailedException() : this("the pull failed")
    {
    }

    public PullFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
