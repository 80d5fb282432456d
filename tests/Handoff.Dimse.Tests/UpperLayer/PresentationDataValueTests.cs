using Handoff.Dimse.Messages;
using Handoff.Dimse.UpperLayer;

namespace Handoff.Dimse.Tests.UpperLayer;

/// <summary>Fragments and command sets are read only as far as they go: a declared length past the end is refused.</summary>
public sealed class PresentationDataValueTests
{
    [Fact]
    public void ReadAll_TwoFragments_BothWithTheirFlags()
    {
        byte[] body = [0, 0, 0, 4, 1, 0x03, 0xAA, 0xBB, 0, 0, 0, 3, 1, 0x00, 0xCC];

        var values = PresentationDataValue.ReadAll(body);

        Assert.Equal(2, values.Count);
        Assert.True(values[0].IsCommand && values[0].IsLast);
        Assert.Equal([0xAA, 0xBB], values[0].Data.ToArray());
        Assert.False(values[1].IsCommand || values[1].IsLast);
        Assert.Equal([0xCC], values[1].Data.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 9, 1, 0x03, 0xAA })] // longer than the PDU
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1, 0x03, 0xAA })] // 4 GB
    [InlineData(new byte[] { 0, 0, 0, 1, 1 })] // shorter than its own header
    [InlineData(new byte[] { 0, 0, 0, 2, 1, 0x80 })] // reserved bits set
    [InlineData(new byte[] { })] // no fragment at all
    public void ReadAll_HostileLengths_Refused(byte[] body)
    {
        Assert.Throws<PduFormatException>(() => PresentationDataValue.ReadAll(body));
    }

    [Fact]
    public void CommandSet_RoundTrip_KeepsFieldsAndPadsUidsWithNul()
    {
        var command = DimseCommands.Request(CommandField.CStoreRequest, "1.2.840.10008.5.1.4.1.1.2", 7);
        command.SetString(CommandTags.AffectedSopInstanceUid, "1.2.3", isUid: true);

        var bytes = command.Encode();
        var read = CommandSet.Decode(bytes);

        Assert.Equal(CommandField.CStoreRequest, read.Field);
        Assert.Equal((ushort)7, read.GetUInt16(CommandTags.MessageId));
        Assert.Equal("1.2.3", read.GetString(CommandTags.AffectedSopInstanceUid));
        Assert.Equal(0, bytes.Length % 2);
        Assert.Equal((uint)(bytes.Length - 12), BitConverter.ToUInt32(bytes, 8)); // the group length counts what follows it
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 0xFF, 0xFF, 0, 0 })] // an element longer than the command
    [InlineData(new byte[] { 8, 0, 0x18, 0, 2, 0, 0, 0, 0x41, 0x42 })] // an element outside group 0000
    [InlineData(new byte[] { 0, 0, 0x10, 0x01, 2, 0, 0, 0, 1, 0 })] // no command field
    [InlineData(new byte[] { 0, 0, 0, 1, 2 })] // a truncated element header
    public void CommandSet_Hostile_Refused(byte[] bytes)
    {
        Assert.Throws<DimseFormatException>(() => CommandSet.Decode(bytes));
    }
}
