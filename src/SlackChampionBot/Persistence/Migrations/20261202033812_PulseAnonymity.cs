using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PulseAnonymity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "cleaned_up_at",
                table: "pulse_surveys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "salt",
                table: "pulse_surveys",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "clean_up_attempts",
                table: "pulse_deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "reminder_ts",
                table: "pulse_deliveries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "team_group_id",
                table: "pulse_deliveries",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "cleaned_up_at",
                table: "pulse_surveys");

            migrationBuilder.DropColumn(
                name: "salt",
                table: "pulse_surveys");

            migrationBuilder.DropColumn(
                name: "clean_up_attempts",
                table: "pulse_deliveries");

            migrationBuilder.DropColumn(
                name: "reminder_ts",
                table: "pulse_deliveries");

            migrationBuilder.DropColumn(
                name: "team_group_id",
                table: "pulse_deliveries");
        }
    }
}
