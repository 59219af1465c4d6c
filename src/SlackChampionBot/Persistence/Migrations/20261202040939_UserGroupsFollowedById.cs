using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UserGroupsFollowedById : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "state",
                table: "user_groups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "user_group_handles",
                columns: table => new
                {
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    handle = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    group_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    resolved_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_group_handles", x => new { x.team_id, x.handle });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_group_handles");

            migrationBuilder.DropColumn(
                name: "state",
                table: "user_groups");
        }
    }
}
