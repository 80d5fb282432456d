namespace Handoff.Grains.Completeness;

/// <summary>A rule document that cannot be used; the message names the facility, the rule and the field.</summary>
public sealed class CompletenessRuleException : Exception
{
    public CompletenessRuleException()
    {
    }

    public CompletenessRuleException(string message)
        : base(message)
    {
    }

    public CompletenessRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
