using System.ComponentModel.DataAnnotations;

namespace Handoff.Server.Options;

/// <summary>Console log format: readable lines for people, compact JSON (one event per line) for log collectors.</summary>
public sealed class LoggingOptions
{
    public const string Section = "Handoff:Logging";

    public const string Text = "text";
    public const string Json = "json";

    [Required]
    [RegularExpression("^(text|json)$", ErrorMessage = "Handoff:Logging:Format must be \"text\" or \"json\".")]
    public string Format { get; set; } = Text;

    public bool UseJson => string.Equals(Format, Json, StringComparison.Ordinal);
}
