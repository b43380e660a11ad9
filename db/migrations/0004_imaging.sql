CREATE TABLE `instances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`series_id` integer NOT NULL,
	`sop_instance_uid` text NOT NULL,
	`sop_class_uid` text NOT NULL,
	`instance_number` integer,
	`sha256` text,
	`size` integer,
	`transfer_syntax_uid` text,
	`rows` integer NOT NULL,
	`columns` integer NOT NULL,
	`frames` integer DEFAULT 1 NOT NULL,
	`slice_position` real,
	`pixel_spacing` text,
	`quarantine` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `instances_series_sop_idx` ON `instances` (`series_id`,`sop_instance_uid`);--> statement-breakpoint
CREATE INDEX `instances_sha_idx` ON `instances` (`sha256`);--> statement-breakpoint
CREATE TABLE `series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`source` text NOT NULL,
	`study_instance_uid` text NOT NULL,
	`series_instance_uid` text NOT NULL,
	`modality` text,
	`description` text,
	`series_number` integer,
	`view_position` text,
	`laterality` text,
	`frame_of_reference_uid` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "series_source_check" CHECK("source" IN ('local', 'dicomweb'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_case_uid_idx` ON `series` (`case_id`,`series_instance_uid`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`actor_id` text,
	`policy` text NOT NULL,
	`summary` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `measurements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`read_id` integer NOT NULL,
	`feature_path` text NOT NULL,
	`tool` text NOT NULL,
	`annotation_uid` text NOT NULL,
	`series_instance_uid` text NOT NULL,
	`sop_instance_uid` text NOT NULL,
	`frame` integer DEFAULT 1 NOT NULL,
	`points` text NOT NULL,
	`value` real NOT NULL,
	`unit` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`read_id`) REFERENCES `reads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `measurements_read_feature_idx` ON `measurements` (`read_id`,`feature_path`);--> statement-breakpoint
ALTER TABLE `studies` ADD `phi_policy` text DEFAULT 'refuse' NOT NULL;