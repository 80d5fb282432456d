using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Handoff.Server.Errors;

namespace Handoff.Server.Mapping;

/// <summary>
/// DateTimeOffset ↔ google.protobuf.Timestamp, with "absent" kept as null on both sides. A timestamp read from a
/// request is checked against the range google.protobuf.Timestamp defines (0001-01-01 to 9999-12-31, nanos
/// 0–999,999,999) before it is converted: outside it the conversion throws, which would answer INTERNAL.
/// </summary>
public static class ProtoTime
{
    /// <summary>0001-01-01T00:00:00Z in seconds since the Unix epoch.</summary>
    public const long MinSeconds = -62_135_596_800;

    /// <summary>9999-12-31T23:59:59Z in seconds since the Unix epoch.</summary>
    public const long MaxSeconds = 253_402_300_799;

    public const int MaxNanos = 999_999_999;

    public static Timestamp From(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? FromOptional(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    /// <summary>An optional request timestamp; INVALID_ARGUMENT naming <paramref name="field"/> when it is not a valid one.</summary>
    public static DateTimeOffset? ToOptional(Timestamp? value, string field)
    {
        if (value is null)
            return null;
        if (value.Seconds is < MinSeconds or > MaxSeconds || value.Nanos is < 0 or > MaxNanos)
        {
            throw new InvalidFieldException(field, string.Create(CultureInfo.InvariantCulture,
                $"{field} is not a valid timestamp (seconds {value.Seconds}, nanos {value.Nanos}): it must lie between 0001-01-01 and 9999-12-31 UTC, with nanos from 0 to {MaxNanos}"));
        }
        return value.ToDateTimeOffset();
    }
}
