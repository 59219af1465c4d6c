using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace SlackChampionBot.Persistence;

/// <summary>
/// Tells "a unique index refused the row" (someone stored the same natural fact first: treat it as already done)
/// from every other failure to save (a locked or full database, a broken constraint of another kind), which must
/// surface and be retried rather than be taken for success.
/// </summary>
internal static class UniqueViolation
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const string PostgresUniqueViolation = "23505";

    /// <summary>Whether the save failed only because a unique index (or the primary key) already holds the row.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        DbException other => other.SqlState == PostgresUniqueViolation,
        _ => false,
    };
}
