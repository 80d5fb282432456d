namespace Handoff.Server.Completeness;

/// <summary>
/// Where the destination facilities' completeness rules come from: a JSON file (<see cref="RulesPath"/>) or the same
/// document inline under Handoff:Completeness:Rules (read by <see cref="CompletenessRulesLoader"/>, not bound here:
/// binding would drop a misspelt field without a word). See README, "Completeness".
/// </summary>
public sealed class CompletenessOptions
{
    public const string Section = "Handoff:Completeness";

    /// <summary>The rules file; relative paths resolve against the working directory. Unset: no file.</summary>
    public string? RulesPath { get; set; }
}
