using Handoff.Contracts.Audit;
using Handoff.Server.Mapping;
using ClientChain = Handoff.Client.Auditing.AuditChain;
using ServerChain = Handoff.Contracts.Audit.AuditChain;

namespace Handoff.Server.Tests.Audit;

/// <summary>The chain rule has two homes (the grains' and the verifier's); through the wire mapping they must agree to the bit.</summary>
public sealed class AuditChainRuleTests
{
    [Theory]
    [InlineData("st-marys", "", "")]
    [InlineData("_operator", "détail ✓ with \"quotes\"", "2001:db8::7")]
    public void Hash_SameEventThroughTheWire_ClientAndServerAgree(string log, string detail, string address)
    {
        var record = new AuditEventRecord(new DateTimeOffset(2026, 12, 4, 21, 45, 12, TimeSpan.FromHours(1)).AddTicks(1234567),
            "st-marys/carla", "st-marys", "transfer.get", "transfer", Guid.NewGuid().ToString(), "success", detail) { NetworkAddress = address };
        var genesis = ServerChain.Genesis(log);
        var entry = new AuditLogEntry(41, record) { Hash = ServerChain.Next(genesis, 41, record), PreviousHash = genesis };

        var wire = entry.ToProto();

        Assert.Equal(genesis, ClientChain.Genesis(log));
        Assert.Equal(entry.Hash, ClientChain.Hash(genesis, wire));
        Assert.NotEqual(entry.Hash, ClientChain.Hash(genesis, new Protos.V1.AuditEvent(wire) { Sequence = 42 }));
        Assert.NotEqual(entry.Hash, ClientChain.Hash(genesis, new Protos.V1.AuditEvent(wire) { Detail = detail + " " }));
    }
}
