namespace SlackChampionBot.Features.Data;

/// <summary>Log messages of the data feature (EventIds 2200–2249). Counts only: never who was erased or exported, nor any text.</summary>
internal static partial class DataLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Star ledger exported: {Entries} entr(ies), {Refusals} refusal row(s)")]
    public static partial void LedgerExported(ILogger logger, int entries, int refusals);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "A person's own data was sent to them")]
    public static partial void PersonalDataSent(ILogger logger);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "A person was erased: {LedgerRows} ledger row(s) now under a pseudonym, {Blanked} text(s) blanked, {Edited} text(s) mentioning them reworded, {Deleted} row(s) deleted")]
    public static partial void PersonErased(ILogger logger, int ledgerRows, int blanked, int edited, int deleted);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "After an erasure the WAL checkpoint could not complete (a reader was busy): the old pages leave the WAL at the next checkpoint")]
    public static partial void ErasureCheckpointBusy(ILogger logger);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Win texts older than {Months} month(s) blanked: {Count}")]
    public static partial void WinTextsBlanked(ILogger logger, int count, int months);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Could not send a data file or result in a DM ({ErrorCode})")]
    public static partial void DirectMessageFailed(ILogger logger, string errorCode);
}
