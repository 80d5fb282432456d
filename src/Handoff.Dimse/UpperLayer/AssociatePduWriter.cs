using System.Buffers.Binary;
using System.Text;

namespace Handoff.Dimse.UpperLayer;

/// <summary>Encodes A-ASSOCIATE-RQ and -AC PDUs (PS3.8 9.3.2, 9.3.3; user information items of PS3.7 annex D).</summary>
public static class AssociatePduWriter
{
    /// <summary>A whole A-ASSOCIATE-RQ PDU, header included.</summary>
    public static byte[] Request(AssociationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Write(PduType.AssociateRequest, parameters, body =>
        {
            foreach (var proposal in parameters.Proposals)
            {
                using var context = new MemoryStream();
                context.Write([proposal.Id, 0, 0, 0]);
                Item(context, 0x30, Ascii(proposal.AbstractSyntax));
                foreach (var syntax in proposal.TransferSyntaxes)
                    Item(context, 0x40, Ascii(syntax));
                Item(body, 0x20, context.ToArray());
            }
        });
    }

    /// <summary>A whole A-ASSOCIATE-AC PDU, header included.</summary>
    public static byte[] Accept(AssociationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Write(PduType.AssociateAccept, parameters, body =>
        {
            foreach (var answer in parameters.Answers)
            {
                using var context = new MemoryStream();
                context.Write([answer.Id, 0, (byte)answer.Result, 0]);
                // PS3.8 9.3.3.2: the transfer syntax sub-item is sent either way; its value is ignored unless accepted.
                Item(context, 0x40, Ascii(answer.TransferSyntax));
                Item(body, 0x21, context.ToArray());
            }
        });
    }

    /// <summary>A-ASSOCIATE-RJ.</summary>
    public static byte[] Reject(AssociateRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return [(byte)PduType.AssociateReject, 0, 0, 0, 0, 4, 0, rejection.Result, rejection.Source, rejection.Reason];
    }

    /// <summary>A-RELEASE-RQ or -RP.</summary>
    public static byte[] Release(PduType type) => [(byte)type, 0, 0, 0, 0, 4, 0, 0, 0, 0];

    /// <summary>A-ABORT.</summary>
    public static byte[] Abort(AbortSource source, AbortReason reason) =>
        [(byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, (byte)source, source == AbortSource.ServiceUser ? (byte)0 : (byte)reason];

    private static byte[] Write(PduType type, AssociationParameters parameters, Action<MemoryStream> contexts)
    {
        using var body = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[68];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, 1); // protocol version 1
        AeTitle(parameters.CalledAeTitle).CopyTo(fixedPart[4..]);
        AeTitle(parameters.CallingAeTitle).CopyTo(fixedPart[20..]);
        body.Write(fixedPart);
        Item(body, 0x10, Ascii(parameters.ApplicationContext));
        contexts(body);
        Item(body, 0x50, UserInformation(parameters));

        var pdu = new byte[6 + body.Length];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(pdu.AsSpan(6));
        return pdu;
    }

    private static byte[] UserInformation(AssociationParameters parameters)
    {
        using var user = new MemoryStream();
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, parameters.MaxPduLength);
        Item(user, 0x51, four.ToArray());
        Item(user, 0x52, Ascii(parameters.ImplementationClassUid));
        if (parameters.AsynchronousOperations is { } window)
        {
            BinaryPrimitives.WriteUInt16BigEndian(four, window.Invoked);
            BinaryPrimitives.WriteUInt16BigEndian(four[2..], window.Performed);
            Item(user, 0x53, four.ToArray());
        }
        foreach (var role in parameters.RoleSelections)
        {
            var uid = Ascii(role.SopClassUid);
            var value = new byte[2 + uid.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)uid.Length);
            uid.CopyTo(value, 2);
            value[^2] = role.Scu ? (byte)1 : (byte)0;
            value[^1] = role.Scp ? (byte)1 : (byte)0;
            Item(user, 0x54, value);
        }
        if (parameters.ImplementationVersionName.Length > 0)
            Item(user, 0x55, Encoding.ASCII.GetBytes(parameters.ImplementationVersionName));
        return user.ToArray();
    }

    private static void Item(Stream output, byte type, ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
            throw new ArgumentException($"item 0x{type:X2} is {value.Length} bytes, more than an item can hold");
        Span<byte> header = [type, 0, 0, 0];
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)value.Length);
        output.Write(header);
        output.Write(value);
    }

    /// <summary>
    /// A UID for an item: padded with one NUL to even length, as PS3.5 9.1 encodes UIDs (dcmtk misreads an
    /// odd-length one: "1.2.840.10008.1.2" came out as big endian).
    /// </summary>
    private static byte[] Ascii(string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        return bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];
    }

    /// <summary>16 bytes, space padded (PS3.8 9.3.2: leading and trailing spaces are not significant).</summary>
    private static byte[] AeTitle(string title)
    {
        var bytes = Encoding.ASCII.GetBytes(title.Trim());
        if (bytes.Length is 0 or > 16)
            throw new ArgumentException($"AE title '{title}' must be 1 to 16 characters");
        var padded = new byte[16];
        padded.AsSpan().Fill((byte)' ');
        bytes.CopyTo(padded, 0);
        return padded;
    }
}
