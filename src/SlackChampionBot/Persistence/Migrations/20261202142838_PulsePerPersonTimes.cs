using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SlackChampionBot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PulsePerPersonTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pulse_deliveries_survey_id_state",
                table: "pulse_deliveries");

            migrationBuilder.AddColumn<TimeOnly>(
                name: "local_send_time",
                table: "pulse_surveys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "closes_at",
                table: "pulse_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "remind_at",
                table: "pulse_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "send_at",
                table: "pulse_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_pulse_deliveries_survey_id_state_send_at",
                table: "pulse_deliveries",
                columns: new[] { "survey_id", "state", "send_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_pulse_deliveries_survey_id_state_send_at",
                table: "pulse_deliveries");

            migrationBuilder.DropColumn(
                name: "local_send_time",
                table: "pulse_surveys");

            migrationBuilder.DropColumn(
                name: "closes_at",
                table: "pulse_deliveries");

            migrationBuilder.DropColumn(
                name: "remind_at",
                table: "pulse_deliveries");

            migrationBuilder.DropColumn(
                name: "send_at",
                table: "pulse_deliveries");

            migrationBuilder.CreateIndex(
                name: "ix_pulse_deliveries_survey_id_state",
                table: "pulse_deliveries",
                columns: new[] { "survey_id", "state" });
        }
    }
}
