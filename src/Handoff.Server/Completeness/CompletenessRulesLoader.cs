using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Grains.Completeness;

namespace Handoff.Server.Completeness;

/// <summary>
/// Reads the completeness rules once at start, from Handoff:Completeness:RulesPath (a JSON file) or
/// Handoff:Completeness:Rules (the same document inline: as configuration sections, or as one JSON string, handy in
/// an environment variable). Throws <see cref="CompletenessRuleException"/> naming the problem; never both sources.
/// </summary>
public static class CompletenessRulesLoader
{
    /// <summary>A rules document is a few kilobytes; a file far larger is a mistake (the wrong path), not rules.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Skip };

    public static CompletenessRuleBook Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(CompletenessOptions.Section);
        var path = section["RulesPath"];
        var inline = section.GetSection("Rules");
        var hasInline = inline.Value is { Length: > 0 } || inline.GetChildren().Any();
        if (!string.IsNullOrWhiteSpace(path) && hasInline)
            throw new CompletenessRuleException("completeness rules: set Handoff:Completeness:RulesPath or Handoff:Completeness:Rules, not both");
        if (!string.IsNullOrWhiteSpace(path))
            return FromFile(path);
        if (inline.Value is { Length: > 0 } json)
            return FromText(json, "Handoff:Completeness:Rules");
        return hasInline ? CompletenessRuleParser.Parse(ToJson(inline), numbersAsText: true) : CompletenessRuleBook.Empty;
    }

    private static CompletenessRuleBook FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        var file = new FileInfo(full);
        if (!file.Exists)
            throw new CompletenessRuleException($"completeness rules: Handoff:Completeness:RulesPath '{full}' does not exist");
        if (file.Length > MaxFileBytes)
            throw new CompletenessRuleException($"completeness rules: '{full}' is {file.Length} bytes, more than the {MaxFileBytes} a rules file may be");
        return FromText(File.ReadAllText(full), full);
    }

    private static CompletenessRuleBook FromText(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Strict);
            return CompletenessRuleParser.Parse(document.RootElement);
        }
        catch (JsonException malformed)
        {
            throw new CompletenessRuleException($"completeness rules: {source} is not valid JSON ({malformed.Message})");
        }
    }

    /// <summary>Configuration keeps a tree of strings; sections whose keys are 0, 1, 2, … are arrays.</summary>
    private static JsonElement ToJson(IConfigurationSection section)
    {
        using var document = JsonDocument.Parse(Node(section)!.ToJsonString());
        return document.RootElement.Clone();
    }

    private static JsonNode? Node(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
            return section.Value is null ? null : JsonValue.Create(section.Value);
        var indexes = children.Select(c => int.TryParse(c.Key, out var i) ? i : -1).ToList();
        if (indexes.TrueForAll(i => i >= 0) && indexes.Order().SequenceEqual(Enumerable.Range(0, children.Count)))
        {
            var array = new JsonArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)))
                array.Add(Node(child));
            return array;
        }

        var node = new JsonObject();
        foreach (var child in children)
            node[child.Key] = Node(child);
        return node;
    }
}
