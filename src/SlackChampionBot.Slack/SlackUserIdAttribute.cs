namespace SlackChampionBot.Slack;

/// <summary>
/// Marks a model property that Slack fills with a user ID (<c>U…</c> or <c>W…</c>, see <see cref="Mrkdwn.IsUserId"/>),
/// or a list of them. The adapter refuses a payload where such a field holds anything else, so no handler is ever given
/// a mention, a name or a blank where a user ID belongs.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SlackUserIdAttribute : Attribute;
