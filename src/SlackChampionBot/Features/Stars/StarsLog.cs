namespace SlackChampionBot.Features.Stars;

/// <summary>Stars log messages: EventIds 2100–2199.</summary>
internal static partial class StarsLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Ledger write skipped, already recorded ({Detail})")]
    public static partial void AlreadyRecorded(ILogger logger, string detail);
}
