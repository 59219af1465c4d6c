using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SlackChampionBot.Slack.Inbox;

namespace SlackChampionBot.Persistence.Inbox;

/// <summary>
/// One Events API delivery, stored before Slack gets its 200 and kept after its handlers ran (table
/// <c>slack_event_inbox</c>). Written by <see cref="SqliteSlackEventInbox"/> or <see cref="PostgresSlackEventInbox"/>
/// (their SQL spells the statuses as <see cref="SlackEventInboxEntryConfiguration.StatusText"/> does); EF only owns the schema.
/// </summary>
internal sealed class SlackEventInboxEntry
{
    /// <summary>Slack's globally unique <c>event_id</c>; retries reuse it, so it is the key.</summary>
    public string EventId { get; set; } = string.Empty;

    public string TeamId { get; set; } = string.Empty;

    public string EventType { get; set; } = string.Empty;

    /// <summary>
    /// The event_callback body exactly as received, while its handlers have yet to run (and for a failed event, for
    /// <see cref="InboxOptions.FailedBodyDays"/>). Null once processed, and always for a DM tombstone.
    /// </summary>
    public string? RawJson { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>How the event arrived: <c>http</c> or <c>socket_mode</c> (<c>unknown</c> for rows stored before this was recorded).</summary>
    public string Transport { get; set; } = SlackTransport.Unknown;

    public SlackInboxStatus Status { get; set; } = SlackInboxStatus.Pending;

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTime? ProcessedAt { get; set; }
}

internal sealed class SlackEventInboxEntryConfiguration : IEntityTypeConfiguration<SlackEventInboxEntry>
{
    public const string TableName = "slack_event_inbox";
    public const int MaxErrorLength = 2000;

    public void Configure(EntityTypeBuilder<SlackEventInboxEntry> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(64);
        builder.Property(e => e.TeamId).HasMaxLength(32);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.Transport).HasMaxLength(16).HasDefaultValue(SlackTransport.Unknown);
        builder.Property(e => e.LastError).HasMaxLength(MaxErrorLength);
        builder.Property(e => e.Status)
            .HasMaxLength(16)
            .HasConversion(s => StatusText(s), s => ParseStatus(s));

        // The dispatcher's claim: pending rows by due time.
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        builder.HasIndex(e => new { e.TeamId, e.ReceivedAt });
    }

    internal static string StatusText(SlackInboxStatus status) => status switch
    {
        SlackInboxStatus.Done => "done",
        SlackInboxStatus.Failed => "failed",
        _ => "pending",
    };

    internal static SlackInboxStatus ParseStatus(string text) => text switch
    {
        "done" => SlackInboxStatus.Done,
        "failed" => SlackInboxStatus.Failed,
        _ => SlackInboxStatus.Pending,
    };
}
