using Microsoft.Extensions.Options;
using SlackChampionBot.Hosting;

namespace SlackChampionBot.Features.Wins;

/// <summary>
/// The <c>Wins</c> section: where wins are posted, how they are recognised, and what gold stars they earn. The limits on
/// giving (daily limit, guests) are fair play's, in the <c>FairPlay</c> section.
/// </summary>
internal sealed class WinsOptions
{
    public const string SectionName = "Wins";

    public static readonly IReadOnlyList<string> DefaultTags = ["#win", ":trophy:"];

    public static readonly IReadOnlyDictionary<string, LifecycleStage> DefaultStageTags = new Dictionary<string, LifecycleStage>(StringComparer.OrdinalIgnoreCase)
    {
        ["interest"] = LifecycleStage.Interest,
        ["preorder"] = LifecycleStage.PreOrder,
        ["pre-order"] = LifecycleStage.PreOrder,
        ["order"] = LifecycleStage.Order,
        ["fulfilment"] = LifecycleStage.Fulfilment,
        ["fulfillment"] = LifecycleStage.Fulfilment,
        ["returns"] = LifecycleStage.Returns,
        ["support"] = LifecycleStage.Support,
    };

    public static readonly IReadOnlyDictionary<string, ExperienceKind> DefaultExperienceTags = new Dictionary<string, ExperienceKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["brand"] = ExperienceKind.BrandAndMarketing,
        ["marketing"] = ExperienceKind.BrandAndMarketing,
        ["service"] = ExperienceKind.Service,
    };

    /// <summary>Channel IDs (C…/G…) where wins are posted; /win posts to the first. Empty: no wins are detected.</summary>
    public string[] Channels { get; set; } = [];

    /// <summary>Markers that make a message a win (a hashtag such as <c>#win</c> or an emoji code such as <c>:trophy:</c>). Null or empty: the defaults.</summary>
    public string[]? Tags { get; set; }

    /// <summary>False: every top-level human message in a wins channel counts as a win.</summary>
    public bool RequireTag { get; set; } = true;

    /// <summary>Characters of text a win needs besides mentions, emoji and tags.</summary>
    public int MinimumTextLength { get; set; } = 20;

    public int StarsPerWin { get; set; } = 1;

    public int StarsPerCredit { get; set; } = 1;

    /// <summary>Colleagues a win pays (the first named); more are still named in the win, without a star. Fair play applies it.</summary>
    public int MaxCreditsPerWin { get; set; } = 5;

    /// <summary>Wins a day (the poster's local midnight) that pay the poster's stars; more are welcome and shown. Fair play applies it.</summary>
    public int MaxPaidWinsPerDay { get; set; } = 3;

    /// <summary>The reaction (emoji name without colons) that cheers a win.</summary>
    public string CheerEmoji { get; set; } = "star";

    /// <summary>Hashtag (without <c>#</c>) → lifecycle stage. Null or empty: the defaults; set, it replaces them.</summary>
    public Dictionary<string, string>? StageTags { get; set; }

    /// <summary>Hashtag (without <c>#</c>) → kind of experience. Null or empty: the defaults; set, it replaces them.</summary>
    public Dictionary<string, string>? ExperienceTags { get; set; }

    public IReadOnlyList<string> EffectiveTags => Tags is { Length: > 0 } ? Tags : DefaultTags;

    public IReadOnlyDictionary<string, LifecycleStage> EffectiveStageTags =>
        StageTags is { Count: > 0 } ? Parse<LifecycleStage>(StageTags) : DefaultStageTags;

    public IReadOnlyDictionary<string, ExperienceKind> EffectiveExperienceTags =>
        ExperienceTags is { Count: > 0 } ? Parse<ExperienceKind>(ExperienceTags) : DefaultExperienceTags;

    /// <summary>Reads a hashtag map from configuration (keys with or without <c>#</c>, values by enum name, any case).</summary>
    public static bool TryParseValue<TEnum>(string? value, out TEnum result)
        where TEnum : struct, Enum =>
        Enum.TryParse(value?.Replace("-", string.Empty, StringComparison.Ordinal).Replace("&", "And", StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal), ignoreCase: true, out result)
        && Enum.IsDefined(result) && !int.TryParse(value, out _);

    private static Dictionary<string, TEnum> Parse<TEnum>(Dictionary<string, string> map)
        where TEnum : struct, Enum
    {
        var parsed = new Dictionary<string, TEnum>(StringComparer.OrdinalIgnoreCase);
        foreach (var (tag, value) in map)
        {
            if (TryParseValue<TEnum>(value, out var result))
            {
                parsed[tag.TrimStart('#')] = result;
            }
        }

        return parsed;
    }

    public bool IsWinsChannel(string? channelId) => channelId is not null && Channels.Contains(channelId, StringComparer.Ordinal);

    /// <summary>The cheer emoji's base name (skin tones are ignored: <c>star::skin-tone-2</c> is <c>star</c>).</summary>
    public bool IsCheer(string reaction)
    {
        var separator = reaction.IndexOf("::", StringComparison.Ordinal);
        var name = separator < 0 ? reaction : reaction[..separator];
        return string.Equals(name, CheerEmoji.Trim(':'), StringComparison.OrdinalIgnoreCase);
    }
}

internal sealed class WinsOptionsValidator : IValidateOptions<WinsOptions>
{
    public ValidateOptionsResult Validate(string? name, WinsOptions options)
    {
        for (var i = 0; i < options.Channels.Length; i++)
        {
            var channel = options.Channels[i];
            if (string.IsNullOrEmpty(channel) || channel[0] is not ('C' or 'G') || !channel.All(char.IsAsciiLetterOrDigit))
            {
                return Fail($"Wins:Channels:{i}", "use a channel ID such as C0123456789 (channel details → About → Channel ID), not a #name");
            }
        }

        foreach (var tag in options.Tags ?? [])
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Any(char.IsWhiteSpace) || !(tag.StartsWith('#') || (tag.Length > 2 && tag.StartsWith(':') && tag.EndsWith(':'))))
            {
                return Fail("Wins:Tags", "each tag is a hashtag such as #win or an emoji code such as :trophy:");
            }
        }

        if (options.MinimumTextLength is < 0 or > 1000)
        {
            return Fail("Wins:MinimumTextLength", "use a number of characters from 0 to 1000");
        }

        if (options.StarsPerWin is < 0 or > 100)
        {
            return Fail("Wins:StarsPerWin", "use a number of stars from 0 to 100");
        }

        if (options.StarsPerCredit is < 0 or > 100)
        {
            return Fail("Wins:StarsPerCredit", "use a number of stars from 0 to 100");
        }

        if (options.MaxCreditsPerWin is < 0 or > 100)
        {
            return Fail("Wins:MaxCreditsPerWin", "use a number of colleagues from 0 to 100 (the first ones named in a win earn a star)");
        }

        if (options.MaxPaidWinsPerDay is < 0 or > 1000)
        {
            return Fail("Wins:MaxPaidWinsPerDay", "use a number of wins from 0 to 1000 (a person's wins that pay their stars each day)");
        }

        if (string.IsNullOrWhiteSpace(options.CheerEmoji) || options.CheerEmoji.Trim(':').Any(c => char.IsWhiteSpace(c) || c == ':'))
        {
            return Fail("Wins:CheerEmoji", "use an emoji name such as star (no spaces)");
        }

        foreach (var (tag, stage) in options.StageTags ?? [])
        {
            if (!WinsOptions.TryParseValue<LifecycleStage>(stage, out _) || string.IsNullOrWhiteSpace(tag.TrimStart('#')) || tag.Any(char.IsWhiteSpace))
            {
                return Fail("Wins:StageTags", "map a hashtag without spaces to one of Interest, PreOrder, Order, Fulfilment, Returns, Support");
            }
        }

        foreach (var (tag, kind) in options.ExperienceTags ?? [])
        {
            if (!WinsOptions.TryParseValue<ExperienceKind>(kind, out _) || string.IsNullOrWhiteSpace(tag.TrimStart('#')) || tag.Any(char.IsWhiteSpace))
            {
                return Fail("Wins:ExperienceTags", "map a hashtag without spaces to BrandAndMarketing or Service");
            }
        }

        return ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult Fail(string key, string expectation) => ValidateOptionsResult.Fail(ConfigurationProblem.Malformed(key, expectation));
}
