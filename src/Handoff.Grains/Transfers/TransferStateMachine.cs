using Handoff.Contracts.Errors;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Transfers;

/// <summary>
/// Which status changes a transfer allows from which status: Receiving → Available → Delivered → Acknowledged, back
/// to Receiving when more content comes, Cancelled from any open status, Expired from any. The only writer of the
/// stored status. A command that finds the transfer already where it would take it is a repeat (false), one that
/// is not allowed from here is FAILED_PRECONDITION naming the status; what counts as final is
/// <see cref="TransferStates"/>'.
/// </summary>
internal sealed class TransferStateMachine
{
    private readonly Guid _transferId;
    private readonly TransferGrainState _state;

    public TransferStateMachine(Guid transferId, TransferGrainState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _transferId = transferId;
        _state = state;
    }

    public TransferStatus Status => _state.Status;

    public bool IsFinal => TransferStates.IsFinal(Status);

    /// <summary>Every transfer starts out receiving; one whose studies are all uploaded already becomes available at once.</summary>
    public void Start() => _state.Status = TransferStatus.Receiving;

    /// <summary>FAILED_PRECONDITION when the transfer is final: <paramref name="refused"/> says what can no longer happen.</summary>
    public void RequireOpen(string refused)
    {
        if (IsFinal)
            throw DomainException.WrongState($"transfer {_transferId} is {Status}; {refused}");
    }

    /// <summary>Created or Receiving → Available once every study is complete; true when it moved.</summary>
    public bool BecomeAvailable(bool everyStudyComplete)
    {
        if (!everyStudyComplete || Status is not (TransferStatus.Created or TransferStatus.Receiving))
            return false;
        _state.Status = TransferStatus.Available;
        return true;
    }

    /// <summary>A complete study got new instances: Available or Delivered → Receiving (the destination has more to wait for).</summary>
    public bool Reopen()
    {
        if (Status is not (TransferStatus.Available or TransferStatus.Delivered))
            return false;
        _state.Status = TransferStatus.Receiving;
        return true;
    }

    /// <summary>
    /// Studies were added: an incomplete one reopens the transfer; complete ones make a delivered transfer available
    /// again. True when that redelivery happened (it deserves its own Available event).
    /// </summary>
    public bool StudiesAdded(bool anyIncomplete)
    {
        if (anyIncomplete)
        {
            Reopen();
            return false;
        }

        if (Status != TransferStatus.Delivered)
            return false;
        _state.Status = TransferStatus.Available;
        return true;
    }

    /// <summary>Any open status → Cancelled; false when already cancelled.</summary>
    public bool Cancel()
    {
        if (Status == TransferStatus.Cancelled)
            return false;
        if (IsFinal)
            throw DomainException.WrongState($"transfer {_transferId} is {Status} and can no longer be cancelled");
        _state.Status = TransferStatus.Cancelled;
        return true;
    }

    /// <summary>Available → Delivered; false when delivered or acknowledged already.</summary>
    public bool MarkDownloaded()
    {
        if (Status is TransferStatus.Delivered or TransferStatus.Acknowledged)
            return false;
        if (Status != TransferStatus.Available)
            throw DomainException.WrongState($"transfer {_transferId} is {Status}; it can be marked downloaded once it is Available");
        _state.Status = TransferStatus.Delivered;
        return true;
    }

    /// <summary>FAILED_PRECONDITION unless the destination could have everything: Available, Delivered or Acknowledged.</summary>
    public void RequireAcknowledgeable()
    {
        if (Status is not (TransferStatus.Available or TransferStatus.Delivered or TransferStatus.Acknowledged))
            throw DomainException.WrongState($"transfer {_transferId} is {Status}; it can be acknowledged once it is Available");
    }

    /// <summary>Available or Delivered → Acknowledged; false when acknowledged already (a repeated acknowledgement).</summary>
    public bool Acknowledge()
    {
        RequireAcknowledgeable();
        if (Status == TransferStatus.Acknowledged)
            return false;
        _state.Status = TransferStatus.Acknowledged;
        return true;
    }

    /// <summary>Any status → Expired when retention ends; false when expired already.</summary>
    public bool Expire()
    {
        if (Status == TransferStatus.Expired)
            return false;
        _state.Status = TransferStatus.Expired;
        return true;
    }
}
