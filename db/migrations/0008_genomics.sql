CREATE TABLE `association_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`genomic_table_id` integer NOT NULL,
	`table_version` integer NOT NULL,
	`params` text NOT NULL,
	`join_report` text NOT NULL,
	`results` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`genomic_table_id`) REFERENCES `genomic_tables`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `association_runs_study_idx` ON `association_runs` (`study_id`,`genomic_table_id`);--> statement-breakpoint
CREATE TABLE `genomic_tables` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`id_column` text NOT NULL,
	`id_level` text NOT NULL,
	`columns` text NOT NULL,
	`rows` text NOT NULL,
	`notes` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`uploaded_by` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "genomic_tables_source_check" CHECK("source" IN ('delimited', 'cbioportal_clinical', 'maf')),
	CONSTRAINT "genomic_tables_id_level_check" CHECK("id_level" IN ('patient', 'sample'))
);
--> statement-breakpoint
CREATE INDEX `genomic_tables_study_idx` ON `genomic_tables` (`study_id`);