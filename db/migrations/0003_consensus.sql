CREATE TABLE `consensus` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`feature_path` text NOT NULL,
	`value` text NOT NULL,
	`method` text DEFAULT 'adjudication' NOT NULL,
	`adjudicator_id` text,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`adjudicator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consensus_case_feature_idx` ON `consensus` (`case_id`,`feature_path`);--> statement-breakpoint
CREATE INDEX `consensus_study_idx` ON `consensus` (`study_id`);