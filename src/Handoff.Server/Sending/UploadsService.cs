using Handoff.Contracts.Studies;
using Handoff.Protos.V1;
using Handoff.Server.Auditing;
using Handoff.Server.Errors;
using Handoff.Server.Mapping;
using Handoff.Server.Options;
using Handoff.Server.Security;
using Handoff.Server.Streams;
using Microsoft.Extensions.Options;
using V1 = Handoff.Protos.V1;

namespace Handoff.Server.Sending;

/// <summary>Sending a study: declare, upload chunks over several streams, complete. Studies belong to the calling facility.</summary>
public sealed class UploadsService : V1.Uploads.UploadsBase
{
    private readonly IGrainFactory _grains;
    private readonly StudyDeclarations _declarations;
    private readonly ChunkUploadSessions _sessions;
    private readonly UploadOptions _options;

    public UploadsService(IGrainFactory grains, StudyDeclarations declarations, ChunkUploadSessions sessions, IOptions<UploadOptions> options)
    {
        _grains = grains;
        _declarations = declarations;
        _sessions = sessions;
        _options = options.Value;
    }

    public override Task<UploadParameters> GetUploadParameters(GetUploadParametersRequest request, ServerCallContext context) =>
        Task.FromResult(new UploadParameters
        {
            ChunkSize = _options.ChunkSize,
            MaxMessageSize = _options.MaxMessageSize,
            RecommendedStreams = _options.RecommendedStreams,
        });

    public override async Task<DeclareStudyResponse> DeclareStudy(DeclareStudyRequest request, ServerCallContext context)
    {
        var facility = context.GetCaller().RequireFacility();
        var studyUid = RequestFields.Uid(request.StudyInstanceUid, "study_instance_uid");
        context.Audit().Object("study", studyUid).OwnedBy(facility).Detail = $"{request.Instances.Count} instances";
        var command = request.ToCommand(_options);
        var (missing, status) = await _declarations.DeclareAsync(facility, studyUid, command, context.CancellationToken);
        var response = new DeclareStudyResponse { Status = status.ToProto() };
        foreach (var hash in missing)
            response.MissingChunkHashes.Add(ChunkHashes.ToBytes(hash));
        return response;
    }

    public override async Task UploadChunks(IAsyncStreamReader<UploadChunksRequest> requestStream, IServerStreamWriter<UploadChunksResponse> responseStream, ServerCallContext context)
    {
        var facility = context.GetCaller().RequireFacility();
        if (!await StreamTimeouts.MoveNextWithinAsync(requestStream, _options.StreamIdleTimeout, "the header of an upload stream", context.CancellationToken))
            return;
        if (requestStream.Current.PayloadCase != UploadChunksRequest.PayloadOneofCase.Header)
            throw new InvalidFieldException("header", "the first message of an upload stream must be the header naming the study");
        var studyUid = RequestFields.Uid(requestStream.Current.Header.StudyInstanceUid, "header.study_instance_uid");
        var audit = context.Audit().Object("study", studyUid).OwnedBy(facility);
        var priority = requestStream.Current.Header.Priority.ToContract("header.priority");
        using var session = await _sessions.OpenAsync(facility, studyUid, priority);
        try
        {
            await session.RunAsync(requestStream, responseStream, context.CancellationToken);
        }
        finally
        {
            audit.Detail = $"{session.ChunksReceived} chunks";
        }
    }

    public override async Task<V1.StudyStatus> CompleteStudy(CompleteStudyRequest request, ServerCallContext context)
    {
        var study = Study(context, request.StudyInstanceUid);
        return (await study.Complete()).ToProto();
    }

    public override async Task<V1.StudyStatus> GetStudyStatus(GetStudyStatusRequest request, ServerCallContext context)
    {
        var study = Study(context, request.StudyInstanceUid);
        if (!await study.Exists())
            throw Contracts.Errors.DomainException.NotFound($"study {request.StudyInstanceUid} was not declared");
        return (await study.GetStatus()).ToProto();
    }

    private IStudyGrain Study(ServerCallContext context, string studyInstanceUid)
    {
        var facility = context.GetCaller().RequireFacility();
        var uid = RequestFields.Uid(studyInstanceUid, "study_instance_uid");
        context.Audit().Object("study", uid).OwnedBy(facility);
        return _grains.GetGrain<IStudyGrain>(StudyKey.Of(facility, uid));
    }
}
