CREATE TABLE `adjudication_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`adjudicator_id` text,
	`status` text DEFAULT 'open' NOT NULL,
	`triggers` text NOT NULL,
	`decided_at` integer,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`adjudicator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "adjudication_tasks_status_check" CHECK("status" IN ('open', 'done', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `adjudication_tasks_case_idx` ON `adjudication_tasks` (`case_id`);--> statement-breakpoint
CREATE INDEX `adjudication_tasks_study_idx` ON `adjudication_tasks` (`study_id`,`status`);--> statement-breakpoint
CREATE INDEX `adjudication_tasks_adjudicator_idx` ON `adjudication_tasks` (`adjudicator_id`);--> statement-breakpoint
ALTER TABLE `studies` ADD `reread_due_days` integer;--> statement-breakpoint
ALTER TABLE `studies` ADD `adjudication` text DEFAULT '{"rules":[]}' NOT NULL;