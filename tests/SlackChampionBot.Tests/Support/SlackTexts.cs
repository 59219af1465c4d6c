using System.Text.Json.Nodes;

namespace SlackChampionBot.Tests.Support;

/// <summary>Every string in a JSON answer or Web API argument (escapes like \u003C undone), one per line, for asserts.</summary>
internal static class SlackTexts
{
    public static string Of(JsonNode? node) => string.Join("\n", Walk(node));

    public static IEnumerable<string> Walk(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Walk(p.Value)),
        JsonArray a => a.SelectMany(Walk),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
