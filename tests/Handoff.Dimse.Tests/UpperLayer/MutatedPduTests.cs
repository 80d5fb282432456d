using System.Buffers.Binary;
using Handoff.Dimse.Messages;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Tests.UpperLayer;

/// <summary>
/// Thousands of mutated and truncated association requests, fragments and command sets: each is read, or refused
/// with the codec's own exception, never anything else (no index out of range, no huge allocation, no hang).
/// </summary>
public sealed class MutatedPduTests
{
    private const int Mutations = 5000;

    private static readonly byte[] Request = AssociatePduWriter.Request(new AssociationParameters
    {
        CalledAeTitle = "HANDOFF",
        CallingAeTitle = "MODALITY",
        Proposals =
        [
            new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]),
            new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.50"]),
        ],
        MaxPduLength = 16384,
        ImplementationClassUid = "1.2.3.4",
        AsynchronousOperations = (1, 1),
        RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, false)],
    });

    [Fact]
    public void AssociateRequest_MutatedAndTruncated_ReadOrRefusedNeverAnotherException()
    {
        var random = new Random(1234);
        for (var i = 0; i < Mutations; i++)
        {
            var body = Mutate(Request.AsSpan(6).ToArray(), random);
            try
            {
                AssociatePduReader.Read(PduType.AssociateRequest, body);
            }
            catch (PduFormatException)
            {
                // refused: the expected outcome for most mutations
            }
        }
    }

    [Fact]
    public void DataFragmentsAndCommandSets_Mutated_ReadOrRefusedNeverAnotherException()
    {
        var command = DimseCommands.Request(CommandField.CStoreRequest, "1.2.840.10008.5.1.4.1.1.2", 9);
        command.SetString(CommandTags.AffectedSopInstanceUid, "1.2.3.4.5", isUid: true);
        var commandBytes = command.Encode();
        var fragment = new byte[6 + commandBytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(fragment, (uint)(commandBytes.Length + 2));
        fragment[4] = 1;
        fragment[5] = 3;
        commandBytes.CopyTo(fragment, 6);

        var random = new Random(5678);
        for (var i = 0; i < Mutations; i++)
        {
            try
            {
                foreach (var value in PresentationDataValue.ReadAll(Mutate((byte[])fragment.Clone(), random)))
                    CommandSet.Decode(value.Data.Span);
            }
            catch (Exception e) when (e is PduFormatException or DimseFormatException)
            {
                // refused
            }
        }
    }

    /// <summary>One of: flip a few bytes, overwrite a length-like spot with a large value, or cut the end off.</summary>
    private static byte[] Mutate(byte[] bytes, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                for (var n = random.Next(1, 4); n > 0; n--)
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                return bytes;
            case 1:
                var at = random.Next(bytes.Length - 4);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)random.Next(int.MinValue, int.MaxValue));
                return bytes;
            default:
                return bytes[..random.Next(bytes.Length)];
        }
    }
}
