using Microsoft.EntityFrameworkCore;

namespace SlackChampionBot.Persistence;

/// <summary>
/// The bot's model on PostgreSQL (<c>Database:Provider=Postgres</c>). The model is <see cref="BotDbContext"/>'s; only
/// the type differs, so that EF finds this provider's migrations (<c>Migrations/Postgres/</c>) by it and keeps the
/// SQLite ones for the base type. Code asks for <see cref="BotDbContext"/> and gets this one on PostgreSQL.
/// </summary>
internal sealed class PostgresBotDbContext(DbContextOptions<PostgresBotDbContext> options) : BotDbContext(options);
