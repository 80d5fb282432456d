using Handoff.Contracts.Studies;
using Handoff.Contracts.Transfers;

namespace Handoff.Grains.Tests;

/// <summary>Two registered facilities and a study held by the source, ready to be sent.</summary>
internal sealed class TransferScenario
{
    private readonly IGrainFactory _grains;

    private TransferScenario(IGrainFactory grains, string source, string destination, string studyUid, List<InstanceDeclaration> instances)
    {
        _grains = grains;
        Source = source;
        Destination = destination;
        StudyUid = studyUid;
        Instances = instances;
    }

    public string Source { get; }

    public string Destination { get; }

    public string StudyUid { get; }

    public List<InstanceDeclaration> Instances { get; }

    public IStudyGrain Study => StudyOf(StudyUid);

    /// <summary>A declared study of <paramref name="instances"/> instances; uploaded and completed when asked.</summary>
    public static async Task<TransferScenario> CreateAsync(IGrainFactory grains, int instances = 3, bool complete = false)
    {
        var source = TestData.FacilityId("src");
        var destination = TestData.FacilityId("dst");
        await TestData.RegisterAsync(grains, source);
        await TestData.RegisterAsync(grains, destination);
        var scenario = new TransferScenario(grains, source, destination, TestData.Uid(), TestData.Instances(instances));
        await scenario.Study.Declare(TestData.Declare(scenario.Instances));
        if (complete)
        {
            await TestData.UploadAsync(scenario.Study, scenario.Instances);
            await scenario.Study.Complete();
        }

        return scenario;
    }

    public IStudyGrain StudyOf(string studyUid) => _grains.GetGrain<IStudyGrain>(StudyKey.Of(Source, studyUid));

    public CreateTransferCommand Command(string requestId = "request-1", params string[] studyUids) =>
        new(requestId, Source, Destination, studyUids.Length > 0 ? studyUids : [StudyUid], TransferPriority.Stat,
            "trauma transfer", DateTimeOffset.UtcNow.AddHours(1), Source);

    public ITransferGrain Transfer(string requestId = "request-1") =>
        _grains.GetGrain<ITransferGrain>(TransferIds.FromRequest(Source, requestId));

    public async Task<ITransferGrain> CreateTransferAsync(string requestId = "request-1")
    {
        var transfer = Transfer(requestId);
        await transfer.Create(Command(requestId));
        return transfer;
    }

    public List<InstanceReceipt> Receipts() =>
        Instances.Select(i => new InstanceReceipt(i.SopInstanceUid, TestData.ContentHash(i))).ToList();
}
