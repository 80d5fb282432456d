namespace Handoff.Dicom.Synthetic;

/// <summary>Shape of a synthetic CT study. The same options always give the same bytes.</summary>
public sealed record SyntheticStudyOptions
{
    public required int Slices { get; init; }
    public int Series { get; init; } = 1;
    public int Seed { get; init; } = 1;
    public int Rows { get; init; } = 512;
    public int Columns { get; init; } = 512;

    public void Validate()
    {
        if (Slices < 1)
            throw new ArgumentOutOfRangeException(nameof(Slices), Slices, "slices must be at least 1");
        if (Series < 1 || Series > Slices)
            throw new ArgumentOutOfRangeException(nameof(Series), Series, "series must be between 1 and the number of slices");
        if (Rows is < 1 or > 4096 || Columns is < 1 or > 4096)
            throw new ArgumentOutOfRangeException(nameof(Rows), "rows and columns must be between 1 and 4096");
    }
}
