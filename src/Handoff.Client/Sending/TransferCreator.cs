using Grpc.Core;
using Handoff.Protos.V1;
using TransfersApi = Handoff.Protos.V1.Transfers;

namespace Handoff.Client;

/// <summary>
/// Creates the transfer of a send, or finds it again on a rerun: the request id is derived from the destination
/// and the inputs, so the server returns the transfer the interrupted run created. A transfer that has ended
/// (acknowledged, cancelled, expired, failed) is not resumed: the next generation of the id creates a new one,
/// which is what sending the same folder again after a finished transfer means.
/// </summary>
internal sealed class TransferCreator
{
    /// <summary>A bound on generations, so a server that always answers "ended" cannot loop us forever.</summary>
    private const int MaxGenerations = 1000;

    private readonly TransfersApi.TransfersClient _client;
    private readonly RetryPolicy _retry;
    private readonly SendOptions _request;
    private readonly IReadOnlyCollection<string> _fingerprints;

    public TransferCreator(TransfersApi.TransfersClient client, RetryPolicy retry, SendOptions request, IReadOnlyCollection<string> fingerprints)
    {
        _client = client;
        _retry = retry;
        _request = request;
        _fingerprints = fingerprints;
    }

    /// <summary>The request id of the transfer that was created or found.</summary>
    public string RequestId { get; private set; } = string.Empty;

    public async Task<Transfer> CreateAsync(IEnumerable<string> studyInstanceUids, CancellationToken cancellationToken)
    {
        if (_request.AddToTransferId is { Length: > 0 } existing)
            return await AddToExistingAsync(existing, studyInstanceUids, cancellationToken).ConfigureAwait(false);
        for (var generation = 0; generation < MaxGenerations; generation++)
        {
            var requestId = RequestIds.ForSend(_request.DestinationFacilityId, _fingerprints, generation);
            var transfer = await CreateOnceAsync(_client, _retry, requestId, _request, studyInstanceUids, cancellationToken).ConfigureAwait(false);
            if (!TransferStates.IsFinal(transfer.State))
            {
                RequestId = requestId;
                return transfer;
            }
        }
        throw new HandoffRefusedException(StatusCode.FailedPrecondition, $"every transfer created for these files has ended ({MaxGenerations} tried)");
    }

    /// <summary>Adds the studies to a transfer the caller named; the server checks it is the caller's, open and to the same destination.</summary>
    private async Task<Transfer> AddToExistingAsync(string transferId, IEnumerable<string> studyInstanceUids, CancellationToken cancellationToken)
    {
        var transfer = await _retry.RunAsync(token => _client.GetTransferAsync(new GetTransferRequest { TransferId = transferId }, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
        if (transfer.DestinationFacilityId != _request.DestinationFacilityId)
            throw new HandoffRefusedException(StatusCode.InvalidArgument, $"transfer {transferId} goes to {transfer.DestinationFacilityId}, not {_request.DestinationFacilityId}");
        RequestId = RequestIds.ForWork(_request.DestinationFacilityId, "add-to/" + transferId);
        foreach (var study in studyInstanceUids)
            transfer = await AddStudyAsync(transferId, study, cancellationToken).ConfigureAwait(false);
        return transfer;
    }

    public Task<Transfer> AddStudyAsync(string transferId, string studyInstanceUid, CancellationToken cancellationToken) =>
        AddStudyAsync(_client, _retry, RequestId, transferId, studyInstanceUid, cancellationToken);

    /// <summary>Creates the transfer with this request id, or returns the one it created before.</summary>
    public static async Task<Transfer> CreateOnceAsync(TransfersApi.TransfersClient client, RetryPolicy retry, string requestId, SendOptions options,
        IEnumerable<string> studyInstanceUids, CancellationToken cancellationToken)
    {
        var create = new CreateTransferRequest
        {
            RequestId = requestId,
            DestinationFacilityId = options.DestinationFacilityId,
            Priority = options.Priority,
            Reason = options.Reason,
            ExpectedArrival = options.ExpectedArrival is { } eta ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(eta) : null,
        };
        create.StudyInstanceUids.AddRange(studyInstanceUids);
        return await retry.RunAsync(token => client.CreateTransferAsync(create, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds one study to the transfer created with <paramref name="transferRequestId"/>; repeating it is harmless.</summary>
    public static async Task<Transfer> AddStudyAsync(TransfersApi.TransfersClient client, RetryPolicy retry, string transferRequestId, string transferId,
        string studyInstanceUid, CancellationToken cancellationToken)
    {
        var add = new AddStudiesRequest { TransferId = transferId, RequestId = RequestIds.ForAddStudy(transferRequestId, studyInstanceUid) };
        add.StudyInstanceUids.Add(studyInstanceUid);
        return await retry.RunAsync(token => client.AddStudiesAsync(add, cancellationToken: token).ResponseAsync, cancellationToken).ConfigureAwait(false);
    }
}
