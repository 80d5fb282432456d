using Handoff.Contracts.Studies;

namespace Handoff.Server.Sending;

/// <summary>The verdict on one completed instance: its indexed header, or why it was refused.</summary>
public sealed record InstanceVerification(PendingInstance Instance, VerifiedInstance? Verified, InstanceProblem? Problem)
{
    public static InstanceVerification Accept(PendingInstance instance, VerifiedInstance verified) => new(instance, verified, null);

    public static InstanceVerification Reject(PendingInstance instance, string reason) =>
        new(instance, null, new InstanceProblem(instance.SopInstanceUid, instance.SourceName, reason));
}
