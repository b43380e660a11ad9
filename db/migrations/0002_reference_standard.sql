CREATE TABLE `reference_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`case_key` text NOT NULL,
	`feature_path` text NOT NULL,
	`value` text NOT NULL,
	`uploaded_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reference_answers_study_case_feature_idx` ON `reference_answers` (`study_id`,`case_key`,`feature_path`);--> statement-breakpoint
CREATE INDEX `reference_answers_study_idx` ON `reference_answers` (`study_id`);