using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DropWorkspaces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "workspaces");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "workspaces",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    bot_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    bot_user_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    team_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    verified_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_workspaces", x => x.team_id);
                });
        }
    }
}
