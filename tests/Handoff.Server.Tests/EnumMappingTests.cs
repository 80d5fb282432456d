using Handoff.Contracts.Facilities;
using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Tests;

/// <summary>
/// Every domain enum value has a proto spelling and comes back as itself; a proto value the server does not know is
/// INVALID_ARGUMENT naming the field, never a number cast into a state nobody defined.
/// </summary>
public sealed class EnumMappingTests
{
    [Fact]
    public void TransferStatus_EveryValue_RoundTrips()
    {
        foreach (var status in Enum.GetValues<TransferStatus>())
            Assert.Equal(status, status.ToProto().ToContract());
    }

    [Fact]
    public void TransferPriority_EveryValue_RoundTrips()
    {
        foreach (var priority in Enum.GetValues<TransferPriority>())
            Assert.Equal(priority, priority.ToProto().ToContract());
    }

    [Fact]
    public void TransferEventKind_EveryValue_RoundTrips()
    {
        foreach (var kind in Enum.GetValues<TransferEventKind>())
            Assert.Equal(kind, kind.ToProto().ToContract());
    }

    [Fact]
    public void StudyState_EveryValue_RoundTrips()
    {
        foreach (var state in Enum.GetValues<StudyState>())
            Assert.Equal(state, state.ToProto().ToContract());
    }

    [Fact]
    public void Mailbox_EveryValue_RoundTrips()
    {
        foreach (var mailbox in Enum.GetValues<Mailbox>())
            Assert.Equal(mailbox, mailbox.ToProto().ToContract());
    }

    [Fact]
    public void ProtoValues_EveryNamedValueButUnspecified_MapsToADistinctDomainValue()
    {
        Assert.Equal(Enum.GetValues<TransferStatus>().Length, Enum.GetValues<V1.TransferState>().Length - 1);
        Assert.Equal(Enum.GetValues<TransferEventKind>().Length, Enum.GetValues<V1.TransferEventType>().Length - 1);
        Assert.Equal(Enum.GetValues<TransferPriority>().Length, Enum.GetValues<V1.Priority>().Length - 1);
        foreach (var state in Enum.GetValues<V1.TransferState>().Where(s => s != V1.TransferState.Unspecified))
            Assert.Equal(state, state.ToContract().ToProto());
        foreach (var type in Enum.GetValues<V1.TransferEventType>().Where(t => t != V1.TransferEventType.Unspecified))
            Assert.Equal(type, type.ToContract().ToProto());
    }

    [Fact]
    public void UnspecifiedDefaults_PriorityRoutine_MailboxBoth()
    {
        Assert.Equal(TransferPriority.Routine, V1.Priority.Unspecified.ToContract());
        Assert.Null(V1.Mailbox.Unspecified.ToContract());
    }

    public static TheoryData<Action, string> UnknownProtoValues => new()
    {
        { () => ((V1.TransferState)99).ToContract("states"), "states" },
        { () => V1.TransferState.Unspecified.ToContract("states"), "states" },
        { () => ((V1.Priority)99).ToContract("minimum_priority"), "minimum_priority" },
        { () => ((V1.TransferEventType)99).ToContract(), "type" },
        { () => ((V1.StudyState)99).ToContract(), "state" },
        { () => V1.StudyState.Rejected.ToContract(), "state" },
        { () => ((V1.Mailbox)99).ToContract(), "mailbox" },
    };

    [Theory]
    [MemberData(nameof(UnknownProtoValues))]
    public void ToContract_UnknownProtoValue_InvalidArgumentNamingTheField(Action map, string field)
    {
        var error = Assert.Throws<InvalidFieldException>(map);

        Assert.Equal(field, error.Field);
        Assert.Equal(StatusCode.InvalidArgument, ErrorStatus.CodeOf(error, callCancelled: false));
    }

    [Fact]
    public void ToProto_UndefinedDomainValue_Throws_NotCast()
    {
        Assert.Throws<InvalidOperationException>(() => ((TransferStatus)99).ToProto());
        Assert.Throws<InvalidOperationException>(() => ((TransferEventKind)99).ToProto());
    }
}
