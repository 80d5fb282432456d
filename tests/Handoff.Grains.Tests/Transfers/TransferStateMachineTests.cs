using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;
using Handoff.Grains.Transfers;

namespace Handoff.Grains.Tests.Transfers;

/// <summary>Which status changes a transfer allows from which status; a repeat is harmless, the rest is refused.</summary>
public sealed class TransferStateMachineTests
{
    private static readonly Guid Id = Guid.NewGuid();

    private static TransferStateMachine In(TransferStatus status, out TransferGrainState state)
    {
        state = new TransferGrainState { Status = status };
        return new TransferStateMachine(Id, state);
    }

    [Fact]
    public void Start_NewTransfer_Receiving()
    {
        var machine = In(default, out var state);

        machine.Start();

        Assert.Equal(TransferStatus.Receiving, state.Status);
    }

    [Theory]
    [InlineData(TransferStatus.Created, true)]
    [InlineData(TransferStatus.Receiving, true)]
    [InlineData(TransferStatus.Available, false)]
    [InlineData(TransferStatus.Delivered, false)]
    [InlineData(TransferStatus.Cancelled, false)]
    public void BecomeAvailable_EveryStudyComplete_OnlyFromCreatedOrReceiving(TransferStatus from, bool moves)
    {
        var machine = In(from, out var state);

        Assert.Equal(moves, machine.BecomeAvailable(everyStudyComplete: true));
        Assert.Equal(moves ? TransferStatus.Available : from, state.Status);
    }

    [Fact]
    public void BecomeAvailable_AStudyIncomplete_StaysReceiving()
    {
        var machine = In(TransferStatus.Receiving, out var state);

        Assert.False(machine.BecomeAvailable(everyStudyComplete: false));
        Assert.Equal(TransferStatus.Receiving, state.Status);
    }

    [Theory]
    [InlineData(TransferStatus.Available, TransferStatus.Receiving)]
    [InlineData(TransferStatus.Delivered, TransferStatus.Receiving)]
    [InlineData(TransferStatus.Receiving, TransferStatus.Receiving)]
    [InlineData(TransferStatus.Acknowledged, TransferStatus.Acknowledged)]
    public void Reopen_StudyGotNewInstances_AvailableOrDeliveredGoBackToReceiving(TransferStatus from, TransferStatus to)
    {
        var machine = In(from, out var state);

        machine.Reopen();

        Assert.Equal(to, state.Status);
    }

    [Theory]
    [InlineData(TransferStatus.Delivered, true, TransferStatus.Receiving, false)]
    [InlineData(TransferStatus.Available, true, TransferStatus.Receiving, false)]
    [InlineData(TransferStatus.Delivered, false, TransferStatus.Available, true)]
    [InlineData(TransferStatus.Available, false, TransferStatus.Available, false)]
    [InlineData(TransferStatus.Receiving, false, TransferStatus.Receiving, false)]
    public void StudiesAdded_IncompleteReopens_CompleteRedeliversADeliveredTransfer(TransferStatus from, bool anyIncomplete, TransferStatus to, bool redelivered)
    {
        var machine = In(from, out var state);

        Assert.Equal(redelivered, machine.StudiesAdded(anyIncomplete));
        Assert.Equal(to, state.Status);
    }

    [Theory]
    [InlineData(TransferStatus.Acknowledged)]
    [InlineData(TransferStatus.Cancelled)]
    [InlineData(TransferStatus.Expired)]
    [InlineData(TransferStatus.Failed)]
    public void RequireOpen_Final_WrongStateNamingStatusAndWhat(TransferStatus from)
    {
        var machine = In(from, out _);

        var error = Assert.Throws<DomainException>(() => machine.RequireOpen("studies can no longer be added"));

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal($"transfer {Id} is {from}; studies can no longer be added", error.Message);
    }

    [Theory]
    [InlineData(TransferStatus.Receiving)]
    [InlineData(TransferStatus.Available)]
    [InlineData(TransferStatus.Delivered)]
    public void Cancel_Open_Cancelled(TransferStatus from)
    {
        var machine = In(from, out var state);

        Assert.True(machine.Cancel());
        Assert.Equal(TransferStatus.Cancelled, state.Status);
        Assert.True(machine.IsFinal);
    }

    [Fact]
    public void Cancel_AlreadyCancelled_Repeat()
    {
        Assert.False(In(TransferStatus.Cancelled, out _).Cancel());
    }

    [Theory]
    [InlineData(TransferStatus.Acknowledged)]
    [InlineData(TransferStatus.Expired)]
    [InlineData(TransferStatus.Failed)]
    public void Cancel_OtherwiseFinal_WrongState(TransferStatus from)
    {
        var machine = In(from, out var state);

        var error = Assert.Throws<DomainException>(() => machine.Cancel());

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("can no longer be cancelled", error.Message, StringComparison.Ordinal);
        Assert.Equal(from, state.Status);
    }

    [Fact]
    public void MarkDownloaded_Available_Delivered_RepeatAfterwards()
    {
        var machine = In(TransferStatus.Available, out var state);

        Assert.True(machine.MarkDownloaded());
        Assert.Equal(TransferStatus.Delivered, state.Status);
        Assert.False(machine.MarkDownloaded());
        state.Status = TransferStatus.Acknowledged;
        Assert.False(machine.MarkDownloaded());
    }

    [Theory]
    [InlineData(TransferStatus.Receiving)]
    [InlineData(TransferStatus.Cancelled)]
    [InlineData(TransferStatus.Expired)]
    public void MarkDownloaded_NotAvailable_WrongState(TransferStatus from)
    {
        var error = Assert.Throws<DomainException>(() => In(from, out _).MarkDownloaded());

        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("once it is Available", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransferStatus.Available)]
    [InlineData(TransferStatus.Delivered)]
    public void Acknowledge_AvailableOrDelivered_Acknowledged_RepeatAfterwards(TransferStatus from)
    {
        var machine = In(from, out var state);

        Assert.True(machine.Acknowledge());
        Assert.Equal(TransferStatus.Acknowledged, state.Status);
        Assert.False(machine.Acknowledge());
    }

    [Theory]
    [InlineData(TransferStatus.Receiving)]
    [InlineData(TransferStatus.Cancelled)]
    [InlineData(TransferStatus.Expired)]
    [InlineData(TransferStatus.Failed)]
    public void RequireAcknowledgeable_NothingToConfirmYetOrWithdrawn_WrongState(TransferStatus from)
    {
        var machine = In(from, out _);

        Assert.Throws<DomainException>(machine.RequireAcknowledgeable);
        Assert.Throws<DomainException>(() => machine.Acknowledge());
    }

    [Theory]
    [InlineData(TransferStatus.Receiving)]
    [InlineData(TransferStatus.Acknowledged)]
    [InlineData(TransferStatus.Cancelled)]
    public void Expire_AnyStatus_ExpiredOnce(TransferStatus from)
    {
        var machine = In(from, out var state);

        Assert.True(machine.Expire());
        Assert.Equal(TransferStatus.Expired, state.Status);
        Assert.False(machine.Expire());
    }
}
