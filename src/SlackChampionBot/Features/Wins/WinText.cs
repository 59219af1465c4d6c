using System.Text.RegularExpressions;

namespace SlackChampionBot.Features.Wins;

/// <summary>What a message's Slack-markup text says about a win: its tag, mentions, stage and how much story it tells.</summary>
internal sealed record WinTextFacts(
    bool HasTag,
    int StoryLength,
    IReadOnlyList<string> MentionedUserIds,
    LifecycleStage? Stage,
    ExperienceKind? Experience);

/// <summary>Reads win facts from message text as Slack sends it (mentions as <c>&lt;@U…&gt;</c>, entities escaped).</summary>
internal static partial class WinText
{
    public static WinTextFacts Read(string? slackText, WinsOptions options)
    {
        var text = slackText ?? string.Empty;
        var hashtags = Hashtag().Matches(text).Select(m => m.Groups[1].Value).ToList();
        var hashtagSet = new HashSet<string>(hashtags, StringComparer.OrdinalIgnoreCase);

        var hasTag = options.EffectiveTags.Any(tag => tag.StartsWith('#')
            ? hashtagSet.Contains(tag[1..])
            : text.Contains(tag, StringComparison.OrdinalIgnoreCase));

        var stageTags = options.EffectiveStageTags;
        var experienceTags = options.EffectiveExperienceTags;
        LifecycleStage? stage = null;
        ExperienceKind? experience = null;
        foreach (var hashtag in hashtags)
        {
            if (stage is null && stageTags.TryGetValue(hashtag, out var s))
            {
                stage = s;
            }

            if (experience is null && experienceTags.TryGetValue(hashtag, out var e))
            {
                experience = e;
            }
        }

        var mentions = UserMention().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

        // The story: the text without mentions, special mentions, channel links, emoji, and the tags themselves.
        var story = UserMention().Replace(text, " ");
        story = SpecialMarkup().Replace(story, " ");
        story = LinkMarkup().Replace(story, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value);
        story = Emoji().Replace(story, " ");
        story = Hashtag().Replace(story, m =>
        {
            var name = m.Groups[1].Value;
            var isTag = options.EffectiveTags.Any(t => t.StartsWith('#') && string.Equals(t[1..], name, StringComparison.OrdinalIgnoreCase));
            return isTag || stageTags.ContainsKey(name) || experienceTags.ContainsKey(name) ? " " : m.Value;
        });
        foreach (var tag in options.EffectiveTags.Where(t => !t.StartsWith('#')))
        {
            story = story.Replace(tag, " ", StringComparison.OrdinalIgnoreCase);
        }

        story = Whitespace().Replace(Mrkdwn.Unescape(story), " ").Trim();
        return new WinTextFacts(hasTag, story.Length, mentions, stage, experience);
    }

    [GeneratedRegex(@"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")]
    private static partial Regex UserMention();

    /// <summary><c>&lt;!channel&gt;</c>, <c>&lt;!subteam^S1|@team&gt;</c>, <c>&lt;#C1|general&gt;</c>.</summary>
    [GeneratedRegex(@"<[!#][^>]*>")]
    private static partial Regex SpecialMarkup();

    /// <summary><c>&lt;https://x|label&gt;</c> or <c>&lt;https://x&gt;</c>: the label counts as text, a bare URL as itself.</summary>
    [GeneratedRegex(@"<([^>|@!#][^>|]*)(?:\|([^>]*))?>")]
    private static partial Regex LinkMarkup();

    [GeneratedRegex(@":[a-z0-9_+\-']+:(?::skin-tone-\d:)?", RegexOptions.IgnoreCase)]
    private static partial Regex Emoji();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_#&])#([\p{L}\p{N}_\-]+)")]
    private static partial Regex Hashtag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
