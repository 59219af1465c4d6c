using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace SlackChampionBot.Tests.Hostile;

internal enum MutationKind
{
    Null,
    WrongType,
    Remove,
    ExtraField,
    DuplicateKey,
    OddString,
    HugeString,
    HugeArray,
    DeepNesting,
}

/// <summary>One change to a payload: what, where (an index into the payload's nodes, taken modulo their count), and which variant.</summary>
internal sealed record Mutation(MutationKind Kind, int Target, int Variant);

/// <summary>The mutations of one case, shown as the counterexample when a case fails.</summary>
internal sealed record MutationPlan(IReadOnlyList<Mutation> Mutations)
{
    public override string ToString() => string.Join(", ", Mutations.Select(m => $"{m.Kind}@{m.Target}/{m.Variant}"));
}

/// <summary>
/// Applies <see cref="MutationPlan"/>s to a recorded payload: nulls, wrong types, missing and extra fields, duplicate
/// keys, odd strings, huge strings and arrays, deep nesting. The result is JSON text, because some of it (duplicate keys,
/// nesting deeper than System.Text.Json writes) cannot be held in a <see cref="JsonNode"/>.
/// </summary>
internal static class PayloadMutation
{
    private static readonly int[] HugeStringLengths = [5_000, 60_000, 400_000, 1_100_000];
    private static readonly int[] HugeArrayLengths = [100, 5_000, 60_000];
    private static readonly int[] Depths = [8, 63, 65, 300, 1_000];

    private static readonly string[] OddStrings =
    [
        "", " ", "\u0000", "\ud800", "\uffff", "🙂🙂", "<!channel>", "<@U0BOB|bob>", "&lt;&amp;&gt;", "D0DIRECT", "C0WINS", "im",
        "event_callback", "url_verification", "12345", "1e309", "-0", "null", "true", "{}", "U0BOT", "T0OTHER", new string('\u200b', 50),
    ];

    /// <summary>One to three mutations, each of any kind (FsCheck shrinks a failing plan towards fewer and simpler ones).</summary>
    public static Gen<MutationPlan> Plans { get; } =
        from count in Gen.Choose(1, 3)
        from mutations in Gen.ListOf(
            from kind in Gen.Frequency(
                (4, Gen.Constant(MutationKind.Null)),
                (4, Gen.Constant(MutationKind.WrongType)),
                (4, Gen.Constant(MutationKind.Remove)),
                (2, Gen.Constant(MutationKind.ExtraField)),
                (2, Gen.Constant(MutationKind.DuplicateKey)),
                (2, Gen.Constant(MutationKind.OddString)),
                (1, Gen.Constant(MutationKind.HugeString)),
                (1, Gen.Constant(MutationKind.HugeArray)),
                (1, Gen.Constant(MutationKind.DeepNesting)))
            from target in Gen.Choose(0, 1_000_000)
            from variant in Gen.Choose(0, 1_000_000)
            select new Mutation(kind, target, variant), count)
        select new MutationPlan([.. mutations]);

    public static string Apply(JsonObject recorded, MutationPlan plan)
    {
        JsonNode? root = recorded;
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mutation in plan.Mutations)
        {
            root = Apply(root, mutation, raw);
        }

        var json = root?.ToJsonString() ?? "null";
        foreach (var (placeholder, text) in raw)
        {
            json = json.Replace(placeholder, text, StringComparison.Ordinal);
        }

        return json;
    }

    private static JsonNode? Apply(JsonNode? root, Mutation m, Dictionary<string, string> raw)
    {
        var nodes = new List<(JsonNode? Node, JsonNode? Parent, string? Name, int Index)>();
        Walk(root, null, null, -1, nodes);
        var (node, parent, name, index) = nodes[m.Target % nodes.Count];

        JsonNode? Replace(JsonNode? value)
        {
            if (parent is JsonObject o)
            {
                o[name!] = value;
            }
            else if (parent is JsonArray a)
            {
                a[index] = value;
            }
            else
            {
                return value;
            }

            return root;
        }

        switch (m.Kind)
        {
            case MutationKind.Null:
                return Replace(null);
            case MutationKind.WrongType:
                return Replace(WrongType(node, m.Variant));
            case MutationKind.Remove:
                if (parent is JsonObject po)
                {
                    po.Remove(name!);
                }
                else if (parent is JsonArray pa)
                {
                    pa.RemoveAt(index);
                }
                else
                {
                    return new JsonObject();
                }

                return root;
            case MutationKind.ExtraField:
                var extra = AnyValue(m.Variant);
                if (node is JsonObject eo)
                {
                    eo[$"x_extra_{m.Variant}"] = extra;
                }
                else if (node is JsonArray ea)
                {
                    ea.Add(extra);
                }
                else if (parent is JsonObject epo)
                {
                    epo[$"x_extra_{m.Variant}"] = extra;
                }

                return root;
            case MutationKind.DuplicateKey:
                // The same key again with another value: readers differ on which one wins.
                var target = node as JsonObject ?? parent as JsonObject;
                if (target is { Count: > 0 })
                {
                    var key = target.ElementAt(m.Variant % target.Count).Key;
                    var placeholder = Placeholder(raw, $"\"{key}\"");
                    target[placeholder.Trim('"')] = WrongType(target[key], m.Variant);
                }

                return root;
            case MutationKind.OddString:
                return Replace(JsonValue.Create(OddStrings[m.Variant % OddStrings.Length]));
            case MutationKind.HugeString:
                return Replace(JsonValue.Create(Placeholder(raw, HugeStrings[m.Variant % HugeStrings.Length])));
            case MutationKind.HugeArray:
                var length = HugeArrayLengths[m.Variant % HugeArrayLengths.Length];
                var array = new StringBuilder("[");
                for (var i = 0; i < length; i++)
                {
                    array.Append(i == 0 ? "" : ",").Append(((m.Variant + i) % 3) switch { 0 => "1", 1 => "\"a\"", _ => "{}" });
                }

                return Replace(JsonValue.Create(Placeholder(raw, array.Append(']').ToString())));
            default:
                var depth = Depths[m.Variant % Depths.Length];
                var objects = m.Variant % 2 == 0;
                var inner = node?.ToJsonString() ?? "null";
                var nested = objects
                    ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + inner + new string('}', depth)
                    : new string('[', depth) + inner + new string(']', depth);
                return Replace(JsonValue.Create(Placeholder(raw, nested)));
        }
    }

    /// <summary>A unique string token that stands in for raw JSON until the payload is written out.</summary>
    private static string Placeholder(Dictionary<string, string> raw, string text)
    {
        var token = $"__RAW_{raw.Count.ToString(CultureInfo.InvariantCulture)}_{Guid.NewGuid():N}__";
        raw["\"" + token + "\""] = text;
        return token;
    }

    private static void Walk(JsonNode? node, JsonNode? parent, string? name, int index, List<(JsonNode?, JsonNode?, string?, int)> nodes)
    {
        nodes.Add((node, parent, name, index));
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    Walk(value, o, key, -1, nodes);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a[i], a, null, i, nodes);
                }

                break;
        }
    }

    private static JsonNode? WrongType(JsonNode? node, int variant)
    {
        JsonNode?[] options =
        [
            JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1e308), JsonValue.Create(3.5), JsonValue.Create(long.MaxValue),
            JsonValue.Create(true), JsonValue.Create(false), JsonValue.Create(""), JsonValue.Create("x"),
            new JsonObject(), new JsonArray(), new JsonArray((JsonNode?)null), new JsonObject { ["a"] = null },
        ];
        for (var i = 0; i < options.Length; i++)
        {
            var candidate = options[(variant + i) % options.Length];
            if (candidate?.GetValueKind() != node?.GetValueKind())
            {
                return candidate;
            }
        }

        return null;
    }

    private static JsonNode? AnyValue(int variant) => (variant % 6) switch
    {
        0 => null,
        1 => JsonValue.Create(variant),
        2 => JsonValue.Create("extra"),
        3 => new JsonObject { ["nested"] = new JsonArray(1, "two", null) },
        4 => new JsonArray(),
        _ => JsonValue.Create(false),
    };

    /// <summary>Huge strings as JSON text, made once (with escapes, non-ASCII and lone surrogates in them).</summary>
    private static readonly string[] HugeStrings = [.. HugeStringLengths.SelectMany((length, i) => new[] { i, i + 7 }.Select(seed => JsonValue.Create(HugeString(length, seed)).ToJsonString()))];

    private static string HugeString(int length, int variant)
    {
        const string alphabet = "abcxyz <>&\"\\/\n\t\u00e9\u4e2d🙂";
        var builder = new StringBuilder(length + 2);
        var random = new System.Random(variant);
        while (builder.Length < length)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}
