using Handoff.Testing;

namespace Handoff.Server.Tests.Completeness;

/// <summary>A server given completeness rules it cannot use refuses to start, with one line naming the rule and the field.</summary>
public sealed class CompletenessRuleRefusalTests : IDisposable
{
    private readonly TempFolder _folder = new("completeness-refusal");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Start_RulesFileWithAMisspeltField_RefusesNamingRuleAndField()
    {
        var rules = _folder.Combine("rules.json");
        await File.WriteAllTextAsync(rules, """
            { "st-x": [ { "name": "thin slices", "require": { "series": { "sliceThicknesAtMost": 1.25 } } } ] }
            """);

        await using var server = await ServerProcess.RunExpectingExitAsync($"--Handoff:Completeness:RulesPath={rules}");

        Assert.Equal(2, server.ExitCode);
        Assert.Contains("rule 1 \"thin slices\": field 'require.series.sliceThicknesAtMost' is not a known field", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InlineRuleWithANegativeThickness_RefusesNamingRuleAndField()
    {
        await using var server = await ServerProcess.RunExpectingExitAsync(
            """--Handoff:Completeness:Rules={"st-x":[{"name":"ok","require":{"series":{"modality":"CT"}}},{"name":"bad","require":{"series":{"sliceThicknessAtMost":-1}}}]}""");

        Assert.Equal(2, server.ExitCode);
        Assert.Contains("rule 2 \"bad\": field 'require.series.sliceThicknessAtMost' must be a number above 0", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RulesFileThatIsNotJson_RefusesNamingTheFile()
    {
        var rules = _folder.Combine("broken.json");
        await File.WriteAllTextAsync(rules, "{ \"st-x\": [ ");

        await using var server = await ServerProcess.RunExpectingExitAsync($"--Handoff:Completeness:RulesPath={rules}");

        Assert.Equal(2, server.ExitCode);
        Assert.Contains($"{rules} is not valid JSON", server.Output, StringComparison.Ordinal);
    }
}
