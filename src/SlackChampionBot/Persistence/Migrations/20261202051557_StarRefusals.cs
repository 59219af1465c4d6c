using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StarRefusals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "star_refusals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    team_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    giver_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    receiver_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    rule = table.Column<int>(type: "INTEGER", nullable: false),
                    stars = table.Column<int>(type: "INTEGER", nullable: false),
                    win_id = table.Column<long>(type: "INTEGER", nullable: true),
                    natural_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_star_refusals", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_created_at",
                table: "star_refusals",
                columns: new[] { "team_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_giver_id",
                table: "star_refusals",
                columns: new[] { "team_id", "giver_id" });

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_natural_key",
                table: "star_refusals",
                columns: new[] { "team_id", "natural_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_star_refusals_team_id_receiver_id",
                table: "star_refusals",
                columns: new[] { "team_id", "receiver_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "star_refusals");
        }
    }
}
