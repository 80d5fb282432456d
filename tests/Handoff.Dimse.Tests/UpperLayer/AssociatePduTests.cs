using System.Buffers.Binary;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Tests.UpperLayer;

/// <summary>
/// Association PDUs survive a round trip with every item this node uses, and a hostile request (lengths that do
/// not add up, even or repeated context ids, UIDs that are not UIDs) is refused with a reason, never read past.
/// </summary>
public sealed class AssociatePduTests
{
    private static AssociationParameters Request() => new()
    {
        CalledAeTitle = "HANDOFF",
        CallingAeTitle = "CT_SCANNER",
        Proposals =
        [
            new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]),
            new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.1"]),
        ],
        MaxPduLength = 16384,
        ImplementationClassUid = "1.2.276.0.7230010.3.0.3.6.7",
        ImplementationVersionName = "OFFIS_DCMTK_367",
        AsynchronousOperations = (4, 1),
        RoleSelections = [new RoleSelection("1.2.840.10008.1.20.1", Scu: true, Scp: true)],
    };

    [Fact]
    public void Request_RoundTrip_EveryItemComesBack()
    {
        var pdu = AssociatePduWriter.Request(Request());

        var (read, version) = AssociatePduReader.Read(PduType.AssociateRequest, pdu.AsSpan(6));

        Assert.Equal(1, version);
        Assert.Equal((uint)(pdu.Length - 6), BinaryPrimitives.ReadUInt32BigEndian(pdu.AsSpan(2)));
        var expected = Request();
        Assert.Equal(expected.CalledAeTitle, read.CalledAeTitle);
        Assert.Equal(expected.CallingAeTitle, read.CallingAeTitle);
        Assert.Equal(expected.Proposals.Select(p => (p.Id, p.AbstractSyntax, string.Join('|', p.TransferSyntaxes))),
            read.Proposals.Select(p => (p.Id, p.AbstractSyntax, string.Join('|', p.TransferSyntaxes))));
        Assert.Equal(expected.MaxPduLength, read.MaxPduLength);
        Assert.Equal(expected.ImplementationClassUid, read.ImplementationClassUid);
        Assert.Equal(expected.ImplementationVersionName, read.ImplementationVersionName);
        Assert.Equal(expected.AsynchronousOperations, read.AsynchronousOperations);
        Assert.Equal(expected.RoleSelections, read.RoleSelections);
    }

    [Fact]
    public void Accept_RoundTrip_AnswersComeBackAndARejectedContextHasNoSyntax()
    {
        var accept = Request() with
        {
            Proposals = [],
            Answers =
            [
                new PresentationContextAnswer(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2"),
                new PresentationContextAnswer(3, PresentationContextResult.AbstractSyntaxNotSupported, "1.2.840.10008.1.2"),
            ],
        };

        var (read, _) = AssociatePduReader.Read(PduType.AssociateAccept, AssociatePduWriter.Accept(accept).AsSpan(6));

        Assert.Equal(
            [new PresentationContextAnswer(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2"), new PresentationContextAnswer(3, PresentationContextResult.AbstractSyntaxNotSupported, "")],
            read.Answers);
    }

    public static TheoryData<string, Func<byte[], byte[]>> HostileRequests => new()
    {
        { "shorter than its fixed part", pdu => pdu[..40] },
        { "an item longer than the PDU", pdu => SetItemLength(pdu, 0x10, 0xFFFF) },
        { "a context item longer than the PDU", pdu => SetItemLength(pdu, 0x20, 0x4000) },
        { "an even presentation context id", pdu => SetFirstContextId(pdu, 2) },
        { "a repeated presentation context id", pdu => SetSecondContextId(pdu, 1) },
        { "a UID with letters", pdu => Replace(pdu, "1.2.840.10008.1.1"u8, "1.2.840.10008.X.1"u8) },
        { "an AE title with a control character", pdu => SetByte(pdu, 6 + 4, 0x07) },
        { "no application context", pdu => SetByte(pdu, 6 + 68, 0x77) },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public void Read_HostileRequest_RefusedWithAReason(string what, Func<byte[], byte[]> spoil)
    {
        var pdu = spoil(AssociatePduWriter.Request(Request()));

        var error = Assert.Throws<PduFormatException>(() => AssociatePduReader.Read(PduType.AssociateRequest, pdu.AsSpan(6)));

        Assert.False(string.IsNullOrWhiteSpace(error.Message), what);
    }

    [Fact]
    public void Read_UnknownItemsInTheRequestAndUserInformation_SkippedAsPs38Asks()
    {
        var pdu = AssociatePduWriter.Request(Request()).ToList();
        pdu.AddRange([0x7F, 0, 0, 3, 1, 2, 3]); // an item type this node does not know, at the end
        var bytes = pdu.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)(bytes.Length - 6));

        var (read, _) = AssociatePduReader.Read(PduType.AssociateRequest, bytes.AsSpan(6));

        Assert.Equal(2, read.Proposals.Count);
    }

    private static byte[] SetItemLength(byte[] pdu, byte type, ushort length)
    {
        var at = FindItem(pdu, type);
        BinaryPrimitives.WriteUInt16BigEndian(pdu.AsSpan(at + 2), length);
        return pdu;
    }

    private static byte[] SetFirstContextId(byte[] pdu, byte id)
    {
        pdu[FindItem(pdu, 0x20) + 4] = id;
        return pdu;
    }

    private static byte[] SetSecondContextId(byte[] pdu, byte id)
    {
        var first = FindItem(pdu, 0x20);
        var second = first + 4 + BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(first + 2));
        pdu[second + 4] = id;
        return pdu;
    }

    private static byte[] SetByte(byte[] pdu, int at, byte value)
    {
        pdu[at] = value;
        return pdu;
    }

    private static byte[] Replace(byte[] pdu, ReadOnlySpan<byte> what, ReadOnlySpan<byte> with)
    {
        var at = pdu.AsSpan().IndexOf(what);
        with.CopyTo(pdu.AsSpan(at));
        return pdu;
    }

    /// <summary>The offset of the first top-level item of a type in an A-ASSOCIATE-RQ.</summary>
    private static int FindItem(byte[] pdu, byte type)
    {
        var at = 6 + 68;
        while (pdu[at] != type)
            at += 4 + BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(at + 2));
        return at;
    }
}
