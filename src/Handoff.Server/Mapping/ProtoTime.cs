using Google.Protobuf.WellKnownTypes;

namespace Handoff.Server.Mapping;

/// <summary>DateTimeOffset ↔ google.protobuf.Timestamp, with "absent" kept as null on both sides.</summary>
public static class ProtoTime
{
    public static Timestamp From(DateTimeOffset value) => Timestamp.FromDateTimeOffset(value);

    public static Timestamp? FromOptional(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;

    public static DateTimeOffset? ToOptional(Timestamp? value) => value is null ? null : value.ToDateTimeOffset();
}
