using System.Buffers.Binary;
using System.Text;
using Handoff.Dicom;

namespace Handoff.Dimse.UpperLayer;

/// <summary>
/// Decodes the variable field of A-ASSOCIATE-RQ and -AC PDUs. Every item length is checked against what is left
/// before it is read, so a hostile length can only end in <see cref="PduFormatException"/>; unknown items are
/// skipped, as PS3.8 9.3.1 asks, so a peer's extended negotiation never fails an association.
/// </summary>
public static class AssociatePduReader
{
    private const int FixedLength = 68;

    /// <summary>The parameters of a request or accept, and the protocol version it declared.</summary>
    public static (AssociationParameters Parameters, ushort ProtocolVersion) Read(PduType type, ReadOnlySpan<byte> body)
    {
        if (type is not (PduType.AssociateRequest or PduType.AssociateAccept))
            throw new ArgumentOutOfRangeException(nameof(type), type, "only A-ASSOCIATE-RQ and -AC carry association parameters");
        if (body.Length < FixedLength)
            throw new PduFormatException($"{Name(type)} of {body.Length} bytes is shorter than its fixed part of {FixedLength}");
        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var called = AeTitle(body.Slice(4, 16), "called AE title");
        var calling = AeTitle(body.Slice(20, 16), "calling AE title");

        string? applicationContext = null;
        var proposals = new List<PresentationContextProposal>();
        var answers = new List<PresentationContextAnswer>();
        var user = new UserItems();
        var items = body[FixedLength..];
        while (items.Length > 0)
        {
            var itemType = NextItem(ref items, Name(type), out var value);
            switch (itemType)
            {
                case 0x10 when applicationContext is null:
                    applicationContext = Uid(value, "application context name");
                    break;
                case 0x20 when type == PduType.AssociateRequest:
                    proposals.Add(Proposal(value, proposals));
                    break;
                case 0x21 when type == PduType.AssociateAccept:
                    answers.Add(Answer(value));
                    break;
                case 0x50:
                    user = User(value);
                    break;
                case 0x10 or 0x20 or 0x21:
                    throw new PduFormatException($"{Name(type)} has an unexpected item of type 0x{itemType:X2}", AbortReason.UnexpectedPduParameter);
                default:
                    break; // unrecognized items are skipped
            }
        }
        if (applicationContext is null)
            throw new PduFormatException($"{Name(type)} has no application context item");
        if (type == PduType.AssociateRequest && proposals.Count == 0)
            throw new PduFormatException("A-ASSOCIATE-RQ proposes no presentation context");

        var parameters = new AssociationParameters
        {
            CalledAeTitle = called,
            CallingAeTitle = calling,
            ApplicationContext = applicationContext,
            Proposals = proposals,
            Answers = answers,
            MaxPduLength = user.MaxPduLength,
            ImplementationClassUid = user.ImplementationClassUid,
            ImplementationVersionName = user.ImplementationVersionName,
            AsynchronousOperations = user.AsynchronousOperations,
            RoleSelections = user.Roles,
        };
        return (parameters, version);
    }

    /// <summary>An A-ASSOCIATE-RJ's variable field.</summary>
    public static AssociateRejection ReadRejection(ReadOnlySpan<byte> body) =>
        body.Length == 4 ? new AssociateRejection(body[1], body[2], body[3]) : throw new PduFormatException($"A-ASSOCIATE-RJ of {body.Length} bytes, not 4");

    /// <summary>An A-ABORT's variable field: source and reason.</summary>
    public static (AbortSource Source, AbortReason Reason) ReadAbort(ReadOnlySpan<byte> body) =>
        body.Length == 4 ? ((AbortSource)body[2], (AbortReason)body[3]) : throw new PduFormatException($"A-ABORT of {body.Length} bytes, not 4");

    private static PresentationContextProposal Proposal(ReadOnlySpan<byte> value, List<PresentationContextProposal> earlier)
    {
        if (value.Length < 4)
            throw new PduFormatException("a presentation context item is shorter than 4 bytes");
        var id = value[0];
        if (id % 2 == 0)
            throw new PduFormatException($"presentation context id {id} is even; ids are odd, 1 to 255");
        if (earlier.Exists(p => p.Id == id))
            throw new PduFormatException($"presentation context id {id} is proposed twice");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        var items = value[4..];
        while (items.Length > 0)
        {
            var type = NextItem(ref items, $"presentation context {id}", out var sub);
            switch (type)
            {
                case 0x30 when abstractSyntax is null:
                    abstractSyntax = Uid(sub, $"presentation context {id} abstract syntax");
                    break;
                case 0x30:
                    throw new PduFormatException($"presentation context {id} has two abstract syntaxes");
                case 0x40:
                    transferSyntaxes.Add(Uid(sub, $"presentation context {id} transfer syntax"));
                    break;
                default:
                    throw new PduFormatException($"presentation context {id} has an item of type 0x{type:X2}", AbortReason.UnexpectedPduParameter);
            }
        }
        if (abstractSyntax is null || transferSyntaxes.Count == 0)
            throw new PduFormatException($"presentation context {id} needs one abstract syntax and at least one transfer syntax");
        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAnswer Answer(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
            throw new PduFormatException("a presentation context item is shorter than 4 bytes");
        var id = value[0];
        var result = value[2] <= 4 ? (PresentationContextResult)value[2] : throw new PduFormatException($"presentation context {id} has result {value[2]}");
        var syntax = "";
        var items = value[4..];
        while (items.Length > 0)
        {
            var type = NextItem(ref items, $"presentation context {id}", out var sub);
            if (type == 0x40)
                syntax = result == PresentationContextResult.Acceptance ? Uid(sub, $"presentation context {id} transfer syntax") : "";
        }
        if (result == PresentationContextResult.Acceptance && syntax.Length == 0)
            throw new PduFormatException($"presentation context {id} is accepted without a transfer syntax");
        return new PresentationContextAnswer(id, result, syntax);
    }

    private static UserItems User(ReadOnlySpan<byte> value)
    {
        var user = new UserItems();
        while (value.Length > 0)
        {
            var type = NextItem(ref value, "user information", out var sub);
            switch (type)
            {
                case 0x51:
                    user.MaxPduLength = sub.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(sub) : throw new PduFormatException($"maximum length item of {sub.Length} bytes, not 4");
                    break;
                case 0x52:
                    user.ImplementationClassUid = Uid(sub, "implementation class UID");
                    break;
                case 0x53:
                    user.AsynchronousOperations = sub.Length == 4
                        ? (BinaryPrimitives.ReadUInt16BigEndian(sub), BinaryPrimitives.ReadUInt16BigEndian(sub[2..]))
                        : throw new PduFormatException($"asynchronous operations window item of {sub.Length} bytes, not 4");
                    break;
                case 0x54:
                    user.Roles.Add(Role(sub));
                    break;
                case 0x55:
                    user.ImplementationVersionName = sub.Length <= 16 ? Encoding.ASCII.GetString(sub).Trim() : throw new PduFormatException("implementation version name longer than 16 characters");
                    break;
                default:
                    break; // extended negotiation, user identity: not used here, skipped
            }
        }
        return user;
    }

    private static RoleSelection Role(ReadOnlySpan<byte> value)
    {
        if (value.Length < 2)
            throw new PduFormatException("an SCP/SCU role selection item is shorter than 2 bytes");
        var length = BinaryPrimitives.ReadUInt16BigEndian(value);
        if (value.Length != 2 + length + 2)
            throw new PduFormatException($"an SCP/SCU role selection item of {value.Length} bytes does not hold a UID of {length} and two roles");
        return new RoleSelection(Uid(value.Slice(2, length), "role selection SOP class"), value[^2] == 1, value[^1] == 1);
    }

    /// <summary>Takes one item (type, reserved, 2-byte length, value) off the front of <paramref name="items"/>.</summary>
    private static byte NextItem(ref ReadOnlySpan<byte> items, string where, out ReadOnlySpan<byte> value)
    {
        if (items.Length < 4)
            throw new PduFormatException($"{where}: {items.Length} bytes left, too few for an item header");
        var type = items[0];
        var length = BinaryPrimitives.ReadUInt16BigEndian(items[2..]);
        if (length > items.Length - 4)
            throw new PduFormatException($"{where}: item 0x{type:X2} declares {length} bytes, only {items.Length - 4} follow");
        value = items.Slice(4, length);
        items = items[(4 + length)..];
        return type;
    }

    /// <summary>A UID: digits and dots, at most 64 characters; a trailing NUL (some implementations pad) is dropped.</summary>
    private static string Uid(ReadOnlySpan<byte> value, string what)
    {
        var end = value.Length;
        while (end > 0 && value[end - 1] is 0 or (byte)' ')
            end--;
        value = value[..end];
        var uid = Encoding.ASCII.GetString(value);
        if (!DicomUids.IsValid(uid))
            throw new PduFormatException($"{what} is not a UID (1 to {DicomUids.MaxLength} digits and dots): {value.Length} bytes");
        return uid;
    }

    /// <summary>An AE title: printable ASCII, spaces trimmed; empty is refused.</summary>
    private static string AeTitle(ReadOnlySpan<byte> value, string what)
    {
        foreach (var b in value)
        {
            if (b is < 0x20 or > 0x7E)
                throw new PduFormatException($"{what} contains 0x{b:X2}");
        }
        var title = Encoding.ASCII.GetString(value).Trim();
        return title.Length > 0 ? title : throw new PduFormatException($"{what} is empty");
    }

    private static string Name(PduType type) => type == PduType.AssociateRequest ? "A-ASSOCIATE-RQ" : "A-ASSOCIATE-AC";

    private sealed class UserItems
    {
        public uint MaxPduLength { get; set; }

        public string ImplementationClassUid { get; set; } = "";

        public string ImplementationVersionName { get; set; } = "";

        public (ushort Invoked, ushort Performed)? AsynchronousOperations { get; set; }

        public List<RoleSelection> Roles { get; } = [];
    }
}
