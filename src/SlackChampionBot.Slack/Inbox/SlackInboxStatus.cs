namespace SlackChampionBot.Slack.Inbox;

/// <summary>Where an inbox row stands. Stored as lower-case text (<c>pending</c>, <c>done</c>, <c>failed</c>).</summary>
public enum SlackInboxStatus
{
    Pending,
    Done,
    Failed,
}
