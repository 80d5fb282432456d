namespace Handoff.Dicom.Tests.Robustness;

/// <summary>Reads every value of a data set through the public accessors, at every nesting level.</summary>
internal static class ValueWalker
{
    public static void ReadEverything(DicomDataset dataset)
    {
        foreach (var item in dataset)
        {
            switch (item)
            {
                case DicomSequence sequence:
                    foreach (var child in sequence.Items)
                        ReadEverything(child);
                    break;
                case DicomFragments fragments:
                    _ = fragments.OffsetTable.GetBytes();
                    break;
                case DicomElement element:
                    _ = dataset.GetString(element.Tag);
                    _ = dataset.GetStrings(element.Tag);
                    _ = dataset.GetNumbers(element.Tag);
                    _ = dataset.GetPersonName(element.Tag);
                    _ = dataset.GetDate(element.Tag);
                    _ = dataset.GetTime(element.Tag);
                    _ = dataset.GetDateTimeOffset(element.Tag);
                    _ = dataset.GetAttributeTag(element.Tag);
                    _ = dataset.PrivateCreatorOf(element.Tag);
                    break;
            }
        }
    }
}
