using Handoff.Testing;

namespace Handoff.Server.Tests.Completeness;

/// <summary>A server whose facility "cr-dst" has two completeness rules, from a rules file (Handoff:Completeness:RulesPath).</summary>
public sealed class CompletenessServerFixture : IAsyncLifetime
{
    public const string RulesDestination = "cr-dst";
    public const string ThinSlices = "Stroke CT head needs thin slices";
    public const string NeedsCta = "needs a CTA series";

    private readonly TempFolder _folder = new("completeness-rules");

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var rules = _folder.Combine("rules.json");
        await File.WriteAllTextAsync(rules, $$"""
            {
              "{{RulesDestination}}": [
                { "name": "{{ThinSlices}}", "when": { "modality": "CT", "studyDescriptionContains": "head" },
                  "require": { "series": { "sliceThicknessAtMost": 1.0 } } },
                { "name": "{{NeedsCta}}", "require": { "series": { "descriptionContains": "CTA" } } }
              ]
            }
            """);
        Server = await ServerProcess.StartAsync($"--Handoff:Completeness:RulesPath={rules}");
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
