using System.Text;

namespace Handoff.Dicom.Tests.Model;

public class AccessorTests
{
    private static DicomDataset With(DicomTag tag, DicomVR vr, string raw) =>
        new DicomDataset().Set(tag, vr, Encoding.Latin1.GetBytes(raw));

    [Theory]
    [InlineData("20260131", 2026, 1, 31)]
    [InlineData("2026.01.31", 2026, 1, 31)]
    [InlineData("20260131 ", 2026, 1, 31)]
    public void GetDate_ModernAndLegacyForms_ParseToTheSameDate(string raw, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), With(DicomTag.StudyDate, DicomVR.DA, raw).GetDate(DicomTag.StudyDate));
    }

    [Theory]
    [InlineData("20261301")]
    [InlineData("2026013")]
    [InlineData("")]
    [InlineData("abcdefgh")]
    public void GetDate_NotADate_ReturnsNull(string raw)
    {
        Assert.Null(With(DicomTag.StudyDate, DicomVR.DA, raw).GetDate(DicomTag.StudyDate));
    }

    [Theory]
    [InlineData("07", "07:00:00")]
    [InlineData("0730", "07:30:00")]
    [InlineData("073015", "07:30:15")]
    [InlineData("073015.25", "07:30:15.25")]
    [InlineData("07:30:15", "07:30:15")]
    [InlineData("235959.999999", "23:59:59.999999")]
    public void GetTime_PartialAndLegacyForms_Parse(string raw, string expected)
    {
        Assert.Equal(TimeOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), With(DicomTag.StudyTime, DicomVR.TM, raw).GetTime(DicomTag.StudyTime));
    }

    [Fact]
    public void GetDateTimeOffset_WithOffset_KeepsTheOffset()
    {
        var tag = new DicomTag(0x0008, 0x002A);
        var value = With(tag, DicomVR.DT, "20260131235900.5-0500").GetDateTimeOffset(tag);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 23, 59, 0, 500, TimeSpan.FromHours(-5)), value);
        Assert.Equal(new DateTime(2026, 1, 1), With(tag, DicomVR.DT, "2026").GetDateTime(tag));
        Assert.Null(With(tag, DicomVR.DT, "20261").GetDateTime(tag));
    }

    [Fact]
    public void GetNumbers_DecimalAndIntegerStrings_ParseEveryValue()
    {
        var spacing = new DicomTag(0x0028, 0x0030);
        var dataset = With(spacing, DicomVR.DS, " 0.625\\1e-2 ").Set(DicomTag.InstanceNumber, DicomVR.IS, "+42 ");
        Assert.Equal([0.625, 0.01], dataset.GetNumbers(spacing));
        Assert.Equal(42, dataset.GetInteger(DicomTag.InstanceNumber));
    }

    [Fact]
    public void GetStrings_PaddingAndMultipleValues_TrimmedPerVR()
    {
        var dataset = With(DicomTag.SOPInstanceUID, DicomVR.UI, "1.2.3\0")
            .Set(new DicomTag(0x0008, 0x0008), DicomVR.CS, "ORIGINAL ", " PRIMARY")
            .Set(new DicomTag(0x0020, 0x4000), DicomVR.LT, "  indented\\not split  ");
        Assert.Equal("1.2.3", dataset.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(["ORIGINAL", "PRIMARY"], dataset.GetStrings(new DicomTag(0x0008, 0x0008)));
        Assert.Equal("  indented\\not split", dataset.GetString(new DicomTag(0x0020, 0x4000)));
    }

    [Fact]
    public void GetPersonName_ThreeGroups_SplitsGroupsAndComponents()
    {
        var dataset = new DicomDataset().Set(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192")
            .Set(DicomTag.PatientName, DicomVR.PN, "Yamada^Tarou^^Dr^Jr=山田^太郎=やまだ^たろう");
        var name = dataset.GetPersonName(DicomTag.PatientName)!;
        Assert.Equal("Yamada", name.FamilyName);
        Assert.Equal("Tarou", name.GivenName);
        Assert.Equal("Dr", name.AlphabeticComponents.Prefix);
        Assert.Equal("Jr", name.AlphabeticComponents.Suffix);
        Assert.Equal("山田", name.IdeographicComponents.Family);
        Assert.Equal("たろう", name.PhoneticComponents.Given);
    }

    [Fact]
    public void GetAttributeTag_And_GetBinaryValues_ReadInTheDatasetsByteOrder()
    {
        var big = new DicomDataset(isBigEndian: true)
            .Set(new DicomTag(0x0028, 0x0009), DicomVR.AT, new byte[] { 0x00, 0x18, 0x10, 0x63 })
            .Set(new DicomTag(0x0028, 0x0010), DicomVR.US, new byte[] { 0x02, 0x00 });
        Assert.Equal(new DicomTag(0x0018, 0x1063), big.GetAttributeTag(new DicomTag(0x0028, 0x0009)));
        Assert.Equal((ushort)512, big.GetUInt16(new DicomTag(0x0028, 0x0010)));
        Assert.Equal([(ushort)512], big.GetBinaryValues<ushort>(new DicomTag(0x0028, 0x0010)));
    }

    [Fact]
    public void Add_OutOfOrder_KeepsTagOrderAndReplacesDuplicates()
    {
        var dataset = new DicomDataset()
            .Set(DicomTag.PatientID, DicomVR.LO, "B")
            .Set(DicomTag.Modality, DicomVR.CS, "CT")
            .Set(DicomTag.PatientID, DicomVR.LO, "C");
        Assert.Equal([DicomTag.Modality, DicomTag.PatientID], dataset.Select(i => i.Tag).ToArray());
        Assert.Equal("C", dataset.GetString(DicomTag.PatientID));
    }
}
