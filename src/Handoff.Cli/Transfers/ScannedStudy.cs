namespace Handoff.Cli.Transfers;

/// <summary>The instances of one study found under the path being sent, in input-name order.</summary>
internal sealed record ScannedStudy(string StudyInstanceUid, IReadOnlyList<InspectedInstance> Instances)
{
    public long Bytes
    {
        get
        {
            long total = 0;
            foreach (var instance in Instances)
                total += instance.Length;
            return total;
        }
    }
}
