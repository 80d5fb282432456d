using Handoff.Contracts.Facilities;
using Handoff.Contracts.Transfers;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Federation;
using Handoff.Server.Mapping;
using Handoff.Server.Security;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.TransferApi;

/// <summary>Transfers between facilities. The caller must be the source or the destination; for anyone else, NOT_FOUND.</summary>
public sealed class TransfersService : V1.Transfers.TransfersBase
{
    /// <summary>A mailbox wait ends by this, inside the grain call timeout.</summary>
    private const int MaxMailboxWaitMs = 20_000;

    private readonly IGrainFactory _grains;
    private readonly TransferAccess _access;
    private readonly TransferQueries _queries;
    private readonly TransferEventStreams _streams;
    private readonly FederatedTransfers _federation;

    public TransfersService(IGrainFactory grains, TransferAccess access, TransferQueries queries, TransferEventStreams streams, FederatedTransfers federation)
    {
        _federation = federation;
        _grains = grains;
        _access = access;
        _queries = queries;
        _streams = streams;
    }

    public override async Task<Transfer> CreateTransfer(CreateTransferRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var source = caller.RequireFacility();
        // The issuer a delivery fills in where an instance names none; a peer's facility has none registered here.
        var issuer = caller.IsPeer ? null : (await _grains.GetGrain<IFacilityGrain>(source).GetInfo())?.PatientIdIssuer;
        var command = request.ToCommand(source, caller.Actor) with
        {
            SourcePatientIdIssuer = issuer,
            TraceParent = System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity ? activity.Id : null,
        };
        await _federation.AuthorizeAsync(caller, command.DestinationFacilityId);
        var id = TransferIds.FromRequest(source, command.RequestId);
        context.Audit().Object("transfer", id.ToString()).OwnedBy(source).Concerning(command.DestinationFacilityId);
        var transfer = await _grains.GetGrain<ITransferGrain>(id).Create(command);
        return transfer.ToProto();
    }

    public override async Task<Transfer> AddStudies(AddStudiesRequest request, ServerCallContext context)
    {
        var (grain, _) = await _access.OpenAsync(context, request.TransferId);
        var requestId = RequestFields.Required(request.RequestId, "request_id");
        var studies = CreateTransferMapping.StudyUids(request.StudyInstanceUids);
        return (await grain.AddStudies(requestId, studies, context.GetCaller().Actor)).ToProto();
    }

    public override async Task<Transfer> CancelTransfer(CancelTransferRequest request, ServerCallContext context)
    {
        var (grain, _) = await _access.OpenAsync(context, request.TransferId);
        var reason = RequestFields.Optional(request.Reason, "reason");
        return (await grain.Cancel(context.GetCaller().Actor, reason)).ToProto();
    }

    public override async Task<Transfer> ReconcilePatient(ReconcilePatientRequest request, ServerCallContext context)
    {
        var (grain, _) = await _access.OpenAsDestinationAsync(context, request.TransferId, "reconcile its patient");
        var actor = context.GetCaller().Actor;
        var reconciliation = ReconciliationMapping.ToContract(request, actor, DateTimeOffset.UtcNow);
        var transfer = await grain.Reconcile(actor, reconciliation);
        context.Audit().Detail = $"local patient identity set (issuer {reconciliation.IssuerOfPatientId})";
        return transfer.ToProtoFor(context.GetCaller().FacilityId);
    }

    public override async Task<Transfer> GetTransfer(GetTransferRequest request, ServerCallContext context)
    {
        var (_, transfer) = await _access.OpenAsync(context, request.TransferId);
        return transfer.ToProtoFor(context.GetCaller().FacilityId);
    }

    public override async Task<ListTransfersResponse> ListTransfers(ListTransfersRequest request, ServerCallContext context)
    {
        var facility = context.GetCaller().RequireFacility();
        context.Audit().Object("mailbox", request.Mailbox.ToString()).OwnedBy(facility);
        var page = await _queries.ListAsync(facility, request);
        var response = new ListTransfersResponse { InboxSequence = page.InboxSequence, MailboxVersion = page.Version };
        foreach (var transfer in page.Transfers)
            response.Transfers.Add(transfer.ToProtoFor(facility));
        if (page.More && page.Last is { } last)
            response.NextPageToken = TransferPageToken.After(last);
        context.Audit().Detail = $"{response.Transfers.Count} transfers";
        return response;
    }

    public override async Task<MailboxChange> WaitForMailboxChange(WaitForMailboxChangeRequest request, ServerCallContext context)
    {
        var facility = context.GetCaller().RequireFacility();
        var timeout = request.TimeoutMs is > 0 and <= MaxMailboxWaitMs ? TimeSpan.FromMilliseconds(request.TimeoutMs) : TimeSpan.FromMilliseconds(MaxMailboxWaitMs);
        var version = await _grains.GetGrain<IFacilityGrain>(facility).WaitForMailboxChange(request.Version, timeout);
        return new MailboxChange { Version = version };
    }

    public override async Task WatchTransfer(WatchTransferRequest request, IServerStreamWriter<V1.TransferEvent> responseStream, ServerCallContext context)
    {
        var (grain, transfer) = await _access.OpenAsync(context, request.TransferId);
        await _streams.WatchTransferAsync(grain, transfer, Math.Max(0, request.AfterSequence), responseStream, context.CancellationToken);
    }

    public override Task WatchInbox(WatchInboxRequest request, IServerStreamWriter<V1.TransferEvent> responseStream, ServerCallContext context)
    {
        var facility = context.GetCaller().RequireFacility();
        context.Audit().Object("inbox", facility).OwnedBy(facility);
        return _streams.WatchInboxAsync(facility, Math.Max(0, request.AfterSequence), responseStream, context.CancellationToken);
    }
}
